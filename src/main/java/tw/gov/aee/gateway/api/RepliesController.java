package tw.gov.aee.gateway.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

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
import tw.gov.aee.gateway.replies.ReplyNotices;
import tw.gov.aee.gateway.replies.ReplyNotices.ReplyNotice;

/**
 * Polling the branch feed (DESIGN §8 {@code GET /api/v1/replies?since=…}): a branch reads its own
 * replies, and with {@code GET /api/v1/overdue?since=…} its own overdue notices (orders a bank has
 * not answered by the deadline) — the same JSON its webhook or broker address carries.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "replies", description = "A branch polls the replies to its orders and its overdue notices")
@SecurityRequirement(name = "clientCertificate")
class RepliesController {

    static final int MAX_LIMIT = 500;

    private final ReplyNotices notices;
    private final OverdueNotices overdue;

    RepliesController(ReplyNotices notices, OverdueNotices overdue) {
        this.notices = notices;
        this.overdue = overdue;
    }

    @GetMapping("/replies")
    @Operation(summary = "The caller's replies received after `since`, oldest first",
            description = "Each item is the same JSON the webhook carries. Continue with `next` as the new `since` "
                    + "(it is the last item's receivedAt; replies received at that same instant all come in one page, "
                    + "so none is skipped). Only a branch may call; it sees replies to its own orders only.")
    @ApiResponse(responseCode = "200", description = "A page of replies and the cursor")
    @ProblemResponses.Read
    Page replies(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                 @Parameter(description = "ISO-8601 instant, e.g. 2026-03-08T10:00:00+08:00") @RequestParam(required = false) String since,
                 @Parameter(description = "1–500, default 100") @RequestParam(defaultValue = "100") int limit) {
        checkBranch(party, "replies");
        checkLimit(limit);
        Instant from = parse(since);
        List<ReplyNotice> page = notices.since(party.code(), from, limit);
        Instant next = page.isEmpty() ? from : page.get(page.size() - 1).receivedAt();
        return new Page(page, next.toString(), "/api/v1/replies?since=" + next + "&limit=" + limit);
    }

    @GetMapping("/overdue")
    @Operation(summary = "The caller's overdue notices marked after `since`, oldest first",
            description = "One notice per order and bank that has not answered by the reply deadline, the same JSON "
                    + "(kind OVERDUE) the webhook or broker address carries. Continue with `next` as the new `since` (the "
                    + "last item's markedAt; notices marked at that same instant all come in one page). Only a branch "
                    + "may call; it sees notices of its own orders only.")
    @ApiResponse(responseCode = "200", description = "A page of overdue notices and the cursor")
    @ProblemResponses.Read
    OverduePage overdue(@Parameter(hidden = true) @AuthenticationPrincipal Party party,
                        @Parameter(description = "ISO-8601 instant, e.g. 2026-03-08T10:00:00+08:00") @RequestParam(required = false) String since,
                        @Parameter(description = "1–500, default 100") @RequestParam(defaultValue = "100") int limit) {
        checkBranch(party, "overdue notices");
        checkLimit(limit);
        Instant from = parse(since);
        List<OverdueNotice> page = overdue.since(party.code(), from, limit);
        Instant next = page.isEmpty() ? from : page.get(page.size() - 1).markedAt();
        return new OverduePage(page, next.toString(), "/api/v1/overdue?since=" + next + "&limit=" + limit);
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

    private static Instant parse(String since) {
        if (since == null || since.isBlank()) {
            throw new GatewayException(GatewayError.INVALID_QUERY, "since is required");
        }
        try {
            // a '+' of the offset arrives as a space when the caller did not encode it as %2B
            return OffsetDateTime.parse(since.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new GatewayException(GatewayError.INVALID_QUERY, "since is not an ISO-8601 instant");
        }
    }

    /** A page of replies; {@code next} is the {@code since} of the following call. */
    record Page(List<ReplyNotice> replies, String next, String nextLink) { }

    /** A page of overdue notices; {@code next} is the {@code since} of the following call. */
    record OverduePage(List<OverdueNotice> overdue, String next, String nextLink) { }
}
