package tw.gov.aee.gateway.deadlines;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.deadlines.OverdueSweep.BankOverdue;
import tw.gov.aee.gateway.operators.Operator;

/** Operator API: the orders past their reply deadline, per bank (VIEWER; rules in {@code api.ApiSecurityConfiguration}). */
@RestController
@RequestMapping("/api/ops/overdue")
class OverdueController {

    private final OverdueSweep overdue;
    private final AuditLog audit;

    OverdueController(OverdueSweep overdue, AuditLog audit) {
        this.overdue = overdue;
        this.audit = audit;
    }

    @Operation(summary = "Order deliveries past their reply deadline without a reply, grouped per bank")
    @GetMapping
    List<BankOverdue> list(@AuthenticationPrincipal Operator operator) {
        List<BankOverdue> all = overdue.perBank();
        audit.record(operator.name(), "overdue-listed", null, null, null, all.size() + " bank(s) with overdue orders");
        return all;
    }
}
