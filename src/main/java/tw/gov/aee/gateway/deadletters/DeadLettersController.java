package tw.gov.aee.gateway.deadletters;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.deadletters.DeadLetters.DeadLetter;
import tw.gov.aee.gateway.operators.Operator;

/**
 * Operator API for dead letters: listing needs VIEWER, replaying OPERATOR (the rules are in
 * {@code api.ApiSecurityConfiguration}). Every call is an audit entry with the operator as actor;
 * refusals are problem+json through the API's advice.
 */
@RestController
@RequestMapping("/api/ops/dead-letters")
class DeadLettersController {

    private static final int LIMIT = 500;

    private final DeadLetters deadLetters;
    private final AuditLog audit;

    DeadLettersController(DeadLetters deadLetters, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @Operation(summary = "Deliveries whose retries were exhausted (newest first, at most 500)")
    @GetMapping
    List<DeadLetter> list(@AuthenticationPrincipal Operator operator,
                          @RequestParam(defaultValue = "false") boolean pendingOnly) {
        List<DeadLetter> all = deadLetters.list(pendingOnly, LIMIT);
        audit.record(operator.name(), "dead-letters-listed", null, null, null, all.size() + " dead letter(s)");
        return all;
    }

    @Operation(summary = "Replay a dead letter once: back to SIGNED, attempts reset, queued again (OPERATOR)")
    @PostMapping("/{id}/replay")
    DeadLetter replay(@AuthenticationPrincipal Operator operator, @PathVariable long id) {
        return deadLetters.replay(id, operator.name());
    }
}
