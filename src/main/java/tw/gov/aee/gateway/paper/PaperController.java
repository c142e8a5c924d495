package tw.gov.aee.gateway.paper;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.operators.Operator;
import tw.gov.aee.gateway.paper.PaperDesk.PaperJob;

/**
 * Operator API for paper copies: reading needs VIEWER, confirming a posting OPERATOR (rules in
 * {@code api.ApiSecurityConfiguration}). Every call is audited with the operator as actor.
 */
@RestController
@RequestMapping("/api/ops/paper")
class PaperController {

    private final PaperDesk desk;
    private final AuditLog audit;

    PaperController(PaperDesk desk, AuditLog audit) {
        this.desk = desk;
        this.audit = audit;
    }

    @Operation(summary = "Paper copies waiting to be posted (all=true: also those confirmed)")
    @GetMapping
    List<PaperJob> jobs(@AuthenticationPrincipal Operator operator, @RequestParam(defaultValue = "false") boolean all) {
        List<PaperJob> jobs = desk.jobs(all);
        audit.record(operator.name(), "paper-jobs-listed", null, null, null, jobs.size() + " paper job(s)");
        return jobs;
    }

    @Operation(summary = "The paper copy as HTML")
    @GetMapping("/{deliveryId}")
    ResponseEntity<String> html(@AuthenticationPrincipal Operator operator, @PathVariable long deliveryId) {
        String html = desk.html(deliveryId);
        audit.record(operator.name(), "paper-copy-viewed", null, null, null, "delivery " + deliveryId);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                // the page is shown in the operator's browser: no scripts, no outside resources
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .body(html);
    }

    @Operation(summary = "Confirm that the paper copy was posted; stands in for the recipient's receipt (OPERATOR)")
    @PostMapping(path = "/{deliveryId}/posted", consumes = MediaType.APPLICATION_JSON_VALUE)
    PaperJob posted(@AuthenticationPrincipal Operator operator, @PathVariable long deliveryId,
                    @RequestBody Posting posting) {
        return desk.confirmPosted(deliveryId, posting.postedAt(), posting.note(), operator.name());
    }

    /** {@code {"postedAt": "2026-03-08T10:00:00+08:00", "note": "掛號 123"}}. */
    record Posting(OffsetDateTime postedAt, String note) { }
}
