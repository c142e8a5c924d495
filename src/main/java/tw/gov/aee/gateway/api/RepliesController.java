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
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.replies.ReplyNotices;
import tw.gov.aee.gateway.replies.ReplyNotices.ReplyNotice;

/** Polling for replies (DESIGN §8 {@code GET /api/v1/replies?since=…}): a branch reads its own. */
@RestController
@RequestMapping(path = "/api/v1", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
@Tag(name = "replies", description = "A branch polls the replies to its orders")
@SecurityRequirement(name = "clientCertificate")
class RepliesController {

    static final int MAX_LIMIT = 500;

    private final ReplyNotices notices;

    RepliesController(ReplyNotices notices) {
        this.notices = notices;
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
        if (party.kind() != PartyKind.BRANCH) {
            throw new GatewayException(GatewayError.FORBIDDEN, "Only a branch reads replies; " + party.code() + " is a "
                    + party.kind());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new GatewayException(GatewayError.INVALID_QUERY,
                    "limit must be 1–" + MAX_LIMIT);
        }
        Instant from = parse(since);
        List<ReplyNotice> page = notices.since(party.code(), from, limit);
        Instant next = page.isEmpty() ? from : page.get(page.size() - 1).receivedAt();
        return new Page(page, next.toString(), "/api/v1/replies?since=" + next + "&limit=" + limit);
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
}
