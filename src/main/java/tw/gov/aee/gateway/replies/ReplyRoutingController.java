package tw.gov.aee.gateway.replies;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

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
 * Operator API for routing replies to branches: list (VIEWER; {@code state=PARKED} for those whose
 * webhook gave up) and retry a PARKED one (OPERATOR): PENDING again, attempts reset, a fresh
 * {@code retry-for} period, queued through the outbox with the audit entry in one transaction.
 */
@RestController
@RequestMapping("/api/ops/reply-routing")
class ReplyRoutingController {

    private static final Set<String> STATES = Set.of("PENDING", "DELIVERED", "PARKED");
    private static final String SELECT = "SELECT id, bank, reply_id, delivery_id, branch, transport, target, state, attempts,"
            + " last_error, first_attempt_at, next_attempt_at, delivered_at FROM reply_routing";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    ReplyRoutingController(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
    }

    @Operation(summary = "Replies on their way to branches, newest first (at most 500); state PENDING, DELIVERED or PARKED")
    @GetMapping
    List<Routing> list(@AuthenticationPrincipal Operator operator, @RequestParam(required = false) String state) {
        if (state != null && !STATES.contains(state)) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "state must be one of " + STATES);
        }
        List<Routing> all = state == null
                ? jdbc.query(SELECT + " ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", (rs, i) -> routing(rs))
                : jdbc.query(SELECT + " WHERE state = ? ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", (rs, i) -> routing(rs), state);
        audit.record(operator.name(), "reply-routing-listed", null, null, null, all.size() + " routing(s)");
        return all;
    }

    @Operation(summary = "Try a PARKED reply again (OPERATOR): PENDING, attempts reset, queued at once")
    @PostMapping("/{id}/retry")
    Routing retry(@AuthenticationPrincipal Operator operator, @PathVariable long id) {
        Routing r = find(id);
        if (!"PARKED".equals(r.state())) {
            throw new GatewayException(GatewayError.WRONG_STATE, "Reply routing " + id + " is " + r.state() + ", not PARKED");
        }
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            int n = jdbc.update("UPDATE reply_routing SET state = 'PENDING', attempts = 0, last_error = NULL, next_attempt_at = NULL,"
                    + " first_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'PARKED'", Timestamp.from(now),
                    Timestamp.from(now), id);
            if (n != 1) {
                throw new GatewayException(GatewayError.WRONG_STATE, "Reply routing " + id + " was retried meanwhile");
            }
            jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at) VALUES (?, ?, ?)", ReplyIntake.ROUTE_REPLY,
                    r.deliveryId(), Timestamp.from(now));
            audit.recordInTransaction(operator.name(), "reply-routing-retried", null, null, null,
                    "reply " + r.replyId() + " of " + r.bank() + " to branch " + r.branch());
        });
        return find(id);
    }

    private Routing find(long id) {
        return jdbc.query(SELECT + " WHERE id = ?", (rs, i) -> routing(rs), id).stream().findFirst()
                .orElseThrow(() -> new GatewayException(GatewayError.NOT_FOUND, "No reply routing " + id));
    }

    private static Routing routing(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Routing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10), instant(rs.getTimestamp(11)),
                instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** One reply's way to its branch. */
    record Routing(long id, String bank, String replyId, long deliveryId, String branch, String transport, String target,
                   String state, int attempts, String lastError, Instant firstAttemptAt, Instant nextAttemptAt,
                   Instant deliveredAt) { }
}
