package tw.gov.aee.gateway.replies;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.operators.Operator;
import tw.gov.aee.gateway.replies.Quarantine.Inspection;
import tw.gov.aee.gateway.replies.Quarantine.Item;

/**
 * Operator API for quarantined replies: reading needs VIEWER, releasing and rejecting OPERATOR
 * (the rules are in {@code api.ApiSecurityConfiguration}: GET vs. other methods on /api/ops/**).
 */
@RestController
@RequestMapping("/api/ops/quarantine")
class QuarantineController {

    private static final int LIMIT = 500;
    private static final Set<String> STATES = Set.of("HELD", "RELEASED", "REJECTED");

    private final Quarantine quarantine;

    QuarantineController(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    @Operation(summary = "Quarantined replies, newest first (at most 500); state HELD, RELEASED or REJECTED")
    @GetMapping
    List<Item> list(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String state) {
        if (state != null && !STATES.contains(state)) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "state must be one of " + STATES);
        }
        return quarantine.list(state, LIMIT, operator.name());
    }

    @Operation(summary = "One quarantined reply: reason, detail, party, digest; its content (obligor ID masked) only if it opens")
    @GetMapping("/{id}")
    Inspection inspect(@AuthenticationPrincipal Operator operator, @PathVariable long id) {
        return quarantine.inspect(id, operator.name());
    }

    @Operation(summary = "Run the reply intake again on the stored envelope: RELEASED if accepted, else HELD with the new reason (OPERATOR)")
    @PostMapping("/{id}/release")
    Item release(@AuthenticationPrincipal Operator operator, @PathVariable long id) {
        return quarantine.release(id, operator.name());
    }

    @Operation(summary = "Reject a held reply for good, with a note (OPERATOR)")
    @PostMapping("/{id}/reject")
    Item reject(@AuthenticationPrincipal Operator operator, @PathVariable long id,
                @RequestBody(required = false) Decision decision) {
        if (decision == null || decision.note() == null || decision.note().isBlank()) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "a rejection needs a note: {\"note\": \"…\"}");
        }
        return quarantine.reject(id, decision.note(), operator.name());
    }

    /** An operator's note. */
    record Decision(String note) { }
}
