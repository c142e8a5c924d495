package tw.gov.aee.gateway.deadlines;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * Marks the deliveries of orders whose reply deadline has passed without a reply OVERDUE (DESIGN
 * §5), with history and audit entry ({@link DeliveryStore#transition}). Only a RECEIPTED
 * addressee delivery can be overdue: the bank has the order and has said so, and owes an answer.
 * Safe on many nodes: each transition is a conditional UPDATE (RECEIPTED → OVERDUE), so a delivery
 * another node marked, or a reply that arrived meanwhile, is simply skipped. A late reply still
 * moves the delivery to ANSWERED. Each mark writes, in its transaction, the branch's
 * {@link OverdueNotices overdue notice} (routed by {@link OverdueNoticeRouter}), so the branch is
 * told once per (order, bank). Run by route {@code sweep-overdue-orders}.
 */
@Component
public class OverdueSweep {

    private static final Logger log = LoggerFactory.getLogger(OverdueSweep.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final DeliveryStore store;
    private final ReplyDeadlines deadlines;
    private final TransactionTemplate tx;
    private final OverdueNotices notices;
    private final Clock clock = Clock.systemUTC();

    public OverdueSweep(JdbcTemplate jdbc, DeliveryStore store, ReplyDeadlines deadlines, TransactionTemplate tx,
                        OverdueNotices notices) {
        this.jdbc = jdbc;
        this.store = store;
        this.deadlines = deadlines;
        this.tx = tx;
        this.notices = notices;
    }

    /** The sweep as the route runs it, at the present time. @return deliveries marked */
    public int sweepNow() {
        return sweep(clock.instant());
    }

    /** Marks every delivery overdue at {@code now} (a parameter, so tests can move the clock). */
    public int sweep(Instant now) {
        int total = 0;
        int n;
        do {
            List<Object[]> due = jdbc.query("SELECT d.id, d.document_id, doc.reply_due, doc.accepted_at FROM delivery d"
                            + " JOIN document doc"
                            + " ON doc.id = d.document_id WHERE doc.document_type = 'EnforcementOrder' AND d.role = 'ADDRESSEE'"
                            + " AND d.state = ? AND (doc.reply_due < ? OR (doc.reply_due IS NULL AND doc.accepted_at < ?))"
                            + " ORDER BY d.id FETCH FIRST " + BATCH + " ROWS ONLY",
                    (rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, UUID.class), rs.getTimestamp(3), rs.getTimestamp(4)},
                    DeliveryState.RECEIPTED.name(), Timestamp.from(now), Timestamp.from(deadlines.acceptedBeforeIsOverdue(now)));
            n = 0;
            for (Object[] d : due) {
                Timestamp dueAt = (Timestamp) d[2];
                Instant dueInstant = dueAt == null ? deadlines.byDefault(((Timestamp) d[3]).toInstant()) : dueAt.toInstant();
                Boolean marked = tx.execute(status -> {
                    boolean m = store.transition((Long) d[0], (UUID) d[1], List.of(DeliveryState.RECEIPTED),
                            DeliveryState.OVERDUE, now, "no reply by the deadline "
                                    + (dueAt == null ? "(default for the document type)" : dueAt.toInstant().toString()), null);
                    if (m) {
                        // the branch's notice commits with the mark: once per delivery, whatever sweeps again
                        notices.record((Long) d[0], (UUID) d[1], dueInstant, now);
                    }
                    return m;
                });
                if (Boolean.TRUE.equals(marked)) {
                    n++;
                }
            }
            total += n;
            if (due.size() < BATCH) {
                break;
            }
        } while (n > 0);
        if (total > 0) {
            log.info("{} order deliveries marked OVERDUE", total);
        }
        return total;
    }

    /** An overdue delivery, as operators see it. */
    public record Overdue(long deliveryId, UUID documentId, String documentNumber, String branch, String caseNumber,
                          Instant due, Instant markedAt) { }

    /** A bank and its overdue deliveries. */
    public record BankOverdue(String bank, int count, List<Overdue> deliveries) { }

    /** Every delivery now OVERDUE, grouped per bank (banks in code order, oldest deadline first). */
    public List<BankOverdue> perBank() {
        Map<String, List<Overdue>> byBank = new LinkedHashMap<>();
        jdbc.query("SELECT d.recipient, d.id, d.document_id, doc.document_number, doc.branch, doc.case_number,"
                        + " doc.reply_due, d.updated_at FROM delivery d JOIN document doc ON doc.id = d.document_id"
                        + " WHERE d.state = ? ORDER BY d.recipient, doc.reply_due, d.id FETCH FIRST 5000 ROWS ONLY",
                rs -> {
                    Timestamp due = rs.getTimestamp(7);
                    byBank.computeIfAbsent(rs.getString(1), b -> new ArrayList<>()).add(new Overdue(rs.getLong(2),
                            rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                            due == null ? null : due.toInstant(), rs.getTimestamp(8).toInstant()));
                }, DeliveryState.OVERDUE.name());
        return byBank.entrySet().stream().map(e -> new BankOverdue(e.getKey(), e.getValue().size(), e.getValue())).toList();
    }
}
