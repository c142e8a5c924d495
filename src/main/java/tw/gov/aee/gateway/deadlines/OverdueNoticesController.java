package tw.gov.aee.gateway.deadlines;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.operators.Operator;

/**
 * Operator API for overdue notices on their way to branches, as {@code /api/ops/reply-routing} is
 * for replies: list (VIEWER; {@code state=PARKED} for those whose webhook gave up) and retry a
 * PARKED one (OPERATOR): PENDING again, attempts reset, a fresh {@code retry-for} period, queued
 * through the outbox with the audit entry in one transaction.
 */
@RestController
@RequestMapping("/api/ops/overdue-notices")
class OverdueNoticesController {

    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "PARKED");
    private static final String SELECT = "SELECT id, notice_id, delivery_id, order_id, bank, branch, due, marked_at, transport,"
            + " target, state, attempts, last_error, first_attempt_at, next_attempt_at, delivered_at FROM overdue_notice";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    OverdueNoticesController(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    @Operation(summary = "Overdue notices on their way to branches, newest first (at most 500); state PENDING, DELIVERED or PARKED")
    @GetMapping
    List<Routing> list(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String state) {
        if (state != null && !STATES.contains(state)) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "state must be one of " + STATES);
        }
        List<Routing> all = state == null
                ? jdbc.query(SELECT + " ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", (rs, i) -> routing(rs))
                : jdbc.query(SELECT + " WHERE state = ? ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", (rs, i) -> routing(rs), state);
        audit.record(operator.name(), "overdue-notices-listed", null, null, null, all.size() + " notice(s)");
        return all;
    }

    @Operation(summary = "Try a PARKED overdue notice again (OPERATOR): PENDING, attempts reset, queued at once")
    @PostMapping("/{id}/retry")
    Routing retry(@AuthenticationPrincipal Operator operator, @PathVariable long id) {
        Routing r = find(id);
        if (!"PARKED".equals(r.state())) {
            throw new GatewayException(GatewayError.WRONG_STATE, "Overdue notice " + id + " is " + r.state() + ", not PARKED");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            int n = jdbc.update("UPDATE overdue_notice SET state = 'PENDING', attempts = 0, last_error = NULL,"
                    + " next_attempt_at = NULL, first_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'PARKED'",
                    Timestamp.from(now), id);
            if (n != 1) {
                throw new GatewayException(GatewayError.WRONG_STATE, "Overdue notice " + id + " was retried meanwhile");
            }
            jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at) VALUES (?, ?, ?)", OverdueNotices.ROUTE,
                    r.deliveryId(), Timestamp.from(now));
            audit.recordInTransaction(operator.name(), "overdue-notice-retried", r.orderId().toString(), null, null,
                    "overdue notice " + r.noticeId() + " of bank " + r.bank() + " to branch " + r.branch());
        });
        return find(id);
    }

    private Routing find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", (rs, i) -> routing(rs), id).stream().findFirst()
                .orElseThrow(() -> new GatewayException(GatewayError.NOT_FOUND, "No overdue notice " + id));
    }

    private static Routing routing(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Routing(rs.getLong(1), rs.getObject(2, UUID.class).toString(), rs.getLong(3), rs.getObject(4, UUID.class),
                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getInt(12), rs.getString(13), instant(rs.getTimestamp(14)),
                instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** One overdue notice's way to its branch. */
    record Routing(long id, String noticeId, long deliveryId, UUID orderId, String bank, String branch, Instant due,
                   Instant markedAt, String transport, String target, String state, int attempts, String lastError,
                   Instant firstAttemptAt, Instant nextAttemptAt, Instant deliveredAt) { }
}
