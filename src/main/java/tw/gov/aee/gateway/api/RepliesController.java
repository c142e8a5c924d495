package tw.gov.aee.gateway.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.deadlines.OverdueNotices;
import tw.gov.aee.gateway.deadlines.OverdueNotices.OverdueNotice;
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.replies.BranchFeed;
import tw.gov.aee.gateway.replies.ReplyNotices;
import tw.gov.aee.gateway.replies.ReplyNotices.ReplyNotice;

/**
 * Polling the branch feed (DESIGN §8 {@code GET /api/v1/replies?since=…}): a branch reads its own
 * replies, and with {@code GET /api/v1/overdue?since=…} its own overdue notices (orders a bank has
 * not answered by the deadline) — the same JSON its webhook or broker address carries. A time
 * ({@code since}) only says where to start; the cursor ({@code after} = the previous page's
 * {@code next}) is the item's position in the branch's feed ({@link BranchFeed}), which, unlike a
 * time stamped before commit, never lets a later-committed item fall behind it.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "replies", description = "A branch polls the replies to its orders and its overdue notices")
@SecurityRequirement(name = "clientCertificate")
class RepliesController {

    static final int MAX_LIMIT = 500;
    /** A cursor as {@code next} writes it (a position in the branch's feed); 18 digits keep it a long. */
    private static final Pattern CURSOR = Pattern.compile("[0-9]{1,18}");

    private final ReplyNotices notices;
    private final OverdueNotices overdue;

    RepliesController(ReplyNotices notices, OverdueNotices overdue) {
        this.notices = notices;
        this.overdue = overdue;
    }

    @GetMapping("/replies")
    @Operation(summary = "The caller's replies, in the order they became visible: from a time (`since`), then after a cursor (`after`)",
            description = "Each item is the same JSON the webhook carries. Start with `since` (an ISO-8601 instant: the "
                    + "replies received after it), then continue with `after` = `next` (or follow `nextLink`) for as long as "
                    + "you poll. `next` is an opaque cursor: a reply committed later than the page lies after it, whatever "
                    + "its receivedAt, so none is skipped. Delivery is at-least-once: deduplicate by replyId. Only a branch "
                    + "may call; it sees replies to its own orders only.")
    @ApiResponse(responseCode = "200", description = "A page of replies and the cursor")
    @ProblemResponses.Read
    Page replies(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                 @Parameter(description = "ISO-8601 instant, e.g. 2026-03-08T10:00:00+08:00: where to start") @RequestParam(required = false) String since,
                 @Parameter(description = "the `next` of the previous page") @RequestParam(required = false) String after,
                 @Parameter(description = "1–500, default 100") @RequestParam(defaultValue = "100") int limit) {
        checkBranch(party, "replies");
        checkLimit(limit);
        Start start = start(since, after);
        BranchFeed.Page<ReplyNotice> page = start.after() != null ? notices.after(party.code(), start.after(), limit)
                : notices.since(party.code(), start.since(), limit);
        return new Page(page.items(), Long.toString(page.next()),
                "/api/v1/replies?after=" + page.next() + "&limit=" + limit);
    }

    @GetMapping("/overdue")
    @Operation(summary = "The caller's overdue notices, in the order they became visible: from a time (`since`), then after a cursor (`after`)",
            description = "One notice per order and bank that has not answered by the reply deadline, the same JSON "
                    + "(kind OVERDUE) the webhook or broker address carries. Start with `since` (the notices marked after "
                    + "it), then continue with `after` = `next` (or follow `nextLink`); `next` is an opaque cursor that "
                    + "never skips a notice. Deduplicate by noticeId. Only a branch may call; it sees notices of its own "
                    + "orders only.")
    @ApiResponse(responseCode = "200", description = "A page of overdue notices and the cursor")
    @ProblemResponses.Read
    OverduePage overdue(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                        @Parameter(description = "ISO-8601 instant, e.g. 2026-03-08T10:00:00+08:00: where to start") @RequestParam(required = false) String since,
                        @Parameter(description = "the `next` of the previous page") @RequestParam(required = false) String after,
                        @Parameter(description = "1–500, default 100") @RequestParam(defaultValue = "100") int limit) {
        checkBranch(party, "overdue notices");
        checkLimit(limit);
        Start start = start(since, after);
        BranchFeed.Page<OverdueNotice> page = start.after() != null ? overdue.after(party.code(), start.after(), limit)
                : overdue.since(party.code(), start.since(), limit);
        return new OverduePage(page.items(), Long.toString(page.next()),
                "/api/v1/overdue?after=" + page.next() + "&limit=" + limit);
    }

    private static void checkBranch(Party party, String what) {
        if (party.kind() != PartyKind.BRANCH) {
            throw new GatewayException(GatewayError.FORBIDDEN, "Only a branch reads " + what + "; " + party.code()
                    + " is a " + party.kind());
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new GatewayException(GatewayError.INVALID_QUERY,
                    "limit must be 1–" + MAX_LIMIT);
        }
    }

    /** Where a page starts: after a cursor, or (a first call) after a time. */
    private record Start(Long after, Instant since) { }

    private static Start start(String since, String after) {
        if (after != null && since != null) {
            throw new GatewayException(GatewayError.INVALID_QUERY, "give since or after, not both");
        }
        if (after != null) {
            return new Start(cursor(after, "after"), null);
        }
        if (since == null || since.isBlank()) {
            throw new GatewayException(GatewayError.INVALID_QUERY, "since (first call) or after (the previous next) is required");
        }
        if (CURSOR.matcher(since.trim()).matches()) {
            // A client written for the old API passes next back as since: it continues after that cursor.
            return new Start(cursor(since, "since"), null);
        }
        try {
            // a '+' of the offset arrives as a space when the caller did not encode it as %2B
            return new Start(null, OffsetDateTime.parse(since.trim().replace(' ', '+')).toInstant());
        } catch (DateTimeParseException e) {
            throw new GatewayException(GatewayError.INVALID_QUERY, "since is not an ISO-8601 instant");
        }
    }

    private static long cursor(String value, String name) {
        if (!CURSOR.matcher(value.trim()).matches()) {
            throw new GatewayException(GatewayError.INVALID_QUERY, name + " is not a cursor from next");
        }
        return Long.parseLong(value.trim());
    }

    /** A page of replies; {@code next} is the {@code after} of the following call (an opaque cursor). */
    record Page(List<ReplyNotice> replies, String next, String nextLink) { }

    /** A page of overdue notices; {@code next} is the {@code after} of the following call (an opaque cursor). */
    record OverduePage(List<OverdueNotice> overdue, String next, String nextLink) { }
}
