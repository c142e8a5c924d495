package tw.gov.aee.gateway.deadletters;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.deadlines.OverdueNotices;
import tw.gov.aee.gateway.dispatch.DispatchProperties;
import tw.gov.aee.gateway.replies.ReplyIntake;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;

/**
 * The dead-letter store (issue #5): a message whose last broker redelivery failed is parked here
 * (route {@code park-dead-letter}) and its delivery marked FAILED; an operator lists the parked
 * deliveries and replays each once. Replaying puts the delivery back where it can be retried from
 * (SIGNED, or ACCEPTED if it never got an envelope), with its attempts reset, and enqueues its
 * transport's queue through the outbox, all in one transaction.
 */
@Component
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    /**
     * Outbox destinations whose messages carry a notice to the order's branch about a delivery
     * already answered ({@code reply}) or overdue ({@code overdue}), not the delivery itself: when
     * one dies, the delivery keeps its state and the notice is parked for replay.
     */
    static final Set<String> BRANCH_NOTICES = Set.of(ReplyIntake.ROUTE_REPLY, OverdueNotices.ROUTE);
    /** Where a delivery can be when its message dies: before it is delivered. */
    private static final List<DeliveryState> PARKABLE = List.of(DeliveryState.ACCEPTED, DeliveryState.SIGNED,
            DeliveryState.DISPATCHED);

    private final JdbcTemplate jdbc;
    private final DeliveryStore store;
    private final AuditLog audit;
    private final DispatchProperties dispatch;
    private final Clock clock = Clock.systemUTC();

    public DeadLetters(JdbcTemplate jdbc, DeliveryStore store, AuditLog audit, DispatchProperties dispatch) {
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
        this.dispatch = dispatch;
    }

    /**
     * Parks a dead-lettered delivery: FAILED (detail = its last error) and a dead-letter row, in one
     * transaction. A delivery already past the point of failing (a stray duplicate message) or
     * already FAILED (the same dead letter redelivered) is left alone.
     *
     * @param deliveryId    the message body
     * @param originalQueue the queue the message died on ({@code _AMQ_ORIG_QUEUE}), if known
     */
    @Transactional
    public void park(String deliveryId, String originalQueue) {
        long id;
        try {
            id = Long.parseLong(deliveryId.trim());
        } catch (NumberFormatException e) {
            log.error("dead letter with body that names no delivery (queue {}); dropped", originalQueue);
            return;
        }
        Optional<DeliveryWork> found = store.work(id);
        if (found.isEmpty()) {
            log.error("dead letter for unknown delivery {} (queue {}); dropped", id, originalQueue);
            return;
        }
        DeliveryWork w = found.get();
        Optional<String> notice = noticeDestination(originalQueue);
        if (notice.isPresent()) {
            parkNotice(w, notice.get(), originalQueue);
            return;
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT attempts, last_error FROM delivery WHERE id = ?", id);
        int attempts = ((Number) row.get("attempts")).intValue();
        String lastError = (String) row.get("last_error");
        String detail = "retries exhausted" + (originalQueue == null ? "" : " on " + originalQueue)
                + (lastError == null ? "" : ": " + lastError);
        if (!store.transition(id, w.documentId(), PARKABLE, DeliveryState.FAILED, clock.instant(), detail, null)) {
            log.info("dead letter for delivery {} ignored: it is {} already", id, w.state());
            return;
        }
        jdbc.update("INSERT INTO dead_letter (delivery_id, original_queue, failed_at, attempts, last_error)"
                        + " VALUES (?, ?, ?, ?, ?)", id, cut(originalQueue, 200), Timestamp.from(clock.instant()), attempts,
                lastError);
        log.warn("delivery {} of document {} to {} FAILED after {} attempt(s), parked for an operator: {}", id,
                w.documentId(), w.recipient(), attempts, lastError);
    }

    private Optional<String> noticeDestination(String originalQueue) {
        return originalQueue == null ? Optional.empty()
                : dispatch.destinationOfQueue(originalQueue).filter(BRANCH_NOTICES::contains);
    }

    /**
     * A branch notice (the bank's reply, an overdue notice) whose routing failed on every broker
     * attempt: a dead-letter row for the operator, once per delivery until replayed, audited; the
     * delivery keeps its state (the reply stays readable by polling and the case API meanwhile).
     */
    private void parkNotice(DeliveryWork w, String destination, String originalQueue) {
        // one open dead letter per notice, also with two nodes parking copies at once: the row lock orders them
        jdbc.queryForList("SELECT id FROM delivery WHERE id = ? FOR UPDATE", Long.class, w.id());
        Integer open = jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE delivery_id = ? AND original_queue = ?"
                + " AND replayed_at IS NULL", Integer.class, w.id(), cut(originalQueue, 200));
        if (open != null && open > 0) {
            log.info("dead letter for the {} notice of delivery {} ignored: parked already", destination, w.id());
            return;
        }
        String detail = "routing the " + destination + " notice to branch " + w.branch() + " failed on every attempt"
                + " (" + originalQueue + ")";
        jdbc.update("INSERT INTO dead_letter (delivery_id, original_queue, failed_at, attempts, last_error)"
                        + " VALUES (?, ?, ?, ?, ?)", w.id(), cut(originalQueue, 200), Timestamp.from(clock.instant()), 0,
                detail);
        audit.recordInTransaction("gateway", "notice-dead-lettered", w.documentId().toString(), null, null,
                "delivery " + w.id() + ": " + detail);
        log.warn("{} notice of delivery {} (document {}) for branch {} dead-lettered, parked for an operator", destination,
                w.id(), w.documentId(), w.branch());
    }

    /** Every dead letter, newest first; {@code pendingOnly} leaves out those replayed already. */
    public List<DeadLetter> list(boolean pendingOnly, int limit) {
        return query((pendingOnly ? " WHERE dl.replayed_at IS NULL" : "") + " ORDER BY dl.id DESC FETCH FIRST " + limit
                + " ROWS ONLY");
    }

    private List<DeadLetter> query(String tail, Object... args) {
        return jdbc.query("SELECT dl.id, dl.delivery_id, d.document_id, doc.document_number, doc.document_type,"
                        + " d.recipient, d.transport, d.state, dl.attempts, dl.last_error, dl.original_queue, dl.failed_at,"
                        + " dl.replayed_at, dl.replayed_by FROM dead_letter dl JOIN delivery d ON d.id = dl.delivery_id"
                        + " JOIN document doc ON doc.id = d.document_id" + tail,
                (rs, i) -> new DeadLetter(rs.getLong(1), rs.getLong(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                        rs.getString(10), rs.getString(11), time(rs.getObject(12, OffsetDateTime.class)),
                        time(rs.getObject(13, OffsetDateTime.class)), rs.getString(14)), args);
    }

    /**
     * Replays one dead letter, once: the delivery goes back to SIGNED (ACCEPTED if it has no
     * envelope yet), attempts and last error are cleared, its queue is fed through the outbox and
     * the operator's action is audited — together or not at all.
     *
     * @throws GatewayException not-found, already-replayed (409) or wrong-state (409)
     */
    @Transactional
    public DeadLetter replay(long deadLetterId, String operator) {
        DeadLetter dl = find(deadLetterId).orElseThrow(() ->
                new GatewayException(GatewayError.NOT_FOUND, "No dead letter " + deadLetterId));
        Instant now = clock.instant();
        int claimed = jdbc.update("UPDATE dead_letter SET replayed_at = ?, replayed_by = ? WHERE id = ?"
                + " AND replayed_at IS NULL", Timestamp.from(now), operator, deadLetterId);
        if (claimed == 0) {
            throw new GatewayException(GatewayError.ALREADY_REPLAYED, "Dead letter " + deadLetterId + " was replayed at "
                    + dl.replayedAt() + " by " + dl.replayedBy());
        }
        DeliveryWork w = store.work(dl.deliveryId()).orElseThrow();
        Optional<String> notice = noticeDestination(dl.originalQueue());
        if (notice.isPresent()) {
            store.enqueue(notice.get(), w.id());
            audit.recordInTransaction(operator, "dead-letter-replayed", w.documentId().toString(), null, null,
                    "dead letter " + deadLetterId + ": the " + notice.get() + " notice of delivery " + w.id()
                            + " to branch " + w.branch() + " queued again");
            log.info("operator {} replayed dead letter {} (the {} notice of delivery {})", operator, deadLetterId,
                    notice.get(), w.id());
            return find(deadLetterId).orElseThrow();
        }
        boolean sealed = w.envelope() != null;
        DeliveryState target = sealed ? DeliveryState.SIGNED : DeliveryState.ACCEPTED;
        Optional<String> destination = sealed ? dispatch.destinationOf(w.transport()) : Optional.of(DeliveryStore.SIGN);
        if (!store.transition(w.id(), w.documentId(), List.of(DeliveryState.FAILED), target, now,
                "replayed by operator " + operator + " (dead letter " + deadLetterId + ")", null)) {
            throw new GatewayException(GatewayError.WRONG_STATE, "Delivery " + w.id() + " is " + w.state() + ", not FAILED");
        }
        jdbc.update("UPDATE delivery SET attempts = 0, last_error = NULL WHERE id = ?", w.id());
        // PULL deliveries wait in the mailbox (no queue); a transport without a queue here simply stays SIGNED.
        boolean queued = destination.isPresent();
        destination.ifPresent(d -> store.enqueue(d, w.id()));
        audit.recordInTransaction(operator, "dead-letter-replayed", w.documentId().toString(), w.envelopeSha256(), null,
                "dead letter " + deadLetterId + ", delivery " + w.id() + " to " + w.recipient() + " back to " + target
                        + (queued ? ", queued for " + destination.get() : ""));
        log.info("operator {} replayed dead letter {} (delivery {} to {})", operator, deadLetterId, w.id(), w.recipient());
        return find(deadLetterId).orElseThrow();
    }

    Optional<DeadLetter> find(long deadLetterId) {
        return query(" WHERE dl.id = ?", deadLetterId).stream().findFirst();
    }

    private static Instant time(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    /** One parked delivery as the operator sees it. */
    public record DeadLetter(long id, long deliveryId, UUID documentId, String documentNumber, String documentType,
                             String recipient, String transport, String state, int attempts, String lastError,
                             String originalQueue, Instant failedAt, Instant replayedAt, String replayedBy) { }
}
