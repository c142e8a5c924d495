package tw.gov.aee.gateway.tracking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.audit.AuditLog;

/**
 * Write side of the lifecycle: documents, their deliveries, every transition (history, audit
 * entry and metric together) and the outbox rows that carry work to the broker. Every method runs
 * in the caller's transaction, so a transition and the message it causes commit together.
 */
@Repository
public class DeliveryStore {

    /** The broker destination of the signing stage. */
    public static final String SIGN = "sign";
    /** The broker destination of push delivery. */
    public static final String DELIVER_PUSH = "push";

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public DeliveryStore(JdbcTemplate jdbc, AuditLog audit, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.meters = meters;
    }

    /** A new document and its case numbers. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void insertDocument(UUID id, String branch, String documentNumber, String type, String kind, String caseNumber,
                               List<String> caseNumbers, String contentSha256, byte[] xml, Instant acceptedAt) {
        jdbc.update("INSERT INTO document (id, branch, document_number, document_type, kind, case_number, content_sha256,"
                        + " xml, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, branch, documentNumber, type, kind,
                caseNumber, contentSha256, xml, Timestamp.from(acceptedAt));
        for (String c : caseNumbers) {
            jdbc.update("INSERT INTO document_case (document_id, case_number) VALUES (?, ?)", id, c);
        }
    }

    /** A new delivery in state ACCEPTED, with its first history entry and its outbox message. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long insertDelivery(UUID documentId, String recipient, String recipientKind, String role, String transport) {
        Instant now = clock.instant();
        long id = insertRow(documentId, recipient, recipientKind, role, transport, DeliveryState.ACCEPTED, null, null, now);
        event(id, documentId, DeliveryState.ACCEPTED, now, role + " to " + recipient + " by " + transport, null);
        // A PUSH delivery goes straight to the push stage, which seals it on the way (one queue
        // fewer per delivery); every other transport is sealed by the signing stage.
        enqueue("PUSH".equals(transport) ? DELIVER_PUSH : SIGN, id);
        return id;
    }

    /**
     * A new delivery sealed already (intake sealed it, issue #7): inserted SIGNED with its
     * envelope, its history ACCEPTED then SIGNED exactly as if the signing stage had sealed it, and
     * its outbox message straight to its transport's stage ({@code destination}; null for PULL,
     * whose deliveries wait in the mailbox). The caller decided that no predecessor holds it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long insertSealedDelivery(UUID documentId, String recipient, String recipientKind, String role, String transport,
                                     byte[] envelope, String sha256, String sealedDetail, String destination) {
        Instant now = clock.instant();
        long id = insertRow(documentId, recipient, recipientKind, role, transport, DeliveryState.SIGNED, envelope, sha256,
                now);
        event(id, documentId, DeliveryState.ACCEPTED, now, role + " to " + recipient + " by " + transport, null);
        event(id, documentId, DeliveryState.SIGNED, now, sealedDetail, sha256);
        if (destination != null) {
            enqueue(destination, id);
        }
        return id;
    }

    private long insertRow(UUID documentId, String recipient, String recipientKind, String role, String transport,
                           DeliveryState state, byte[] envelope, String sha256, Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO delivery (document_id, recipient, recipient_kind, role, transport,"
                    + " state, updated_at, envelope, envelope_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setObject(1, documentId);
            ps.setString(2, recipient);
            ps.setString(3, recipientKind);
            ps.setString(4, role);
            ps.setString(5, transport);
            ps.setString(6, state.name());
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setBytes(8, envelope);
            ps.setString(9, sha256);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /**
     * Moves a delivery from one of {@code from} to {@code to}; false (and nothing written) if it
     * was in none of them — how redelivered messages find their work already done.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean transition(long deliveryId, UUID documentId, List<DeliveryState> from, DeliveryState to, Instant at,
                              String detail, String digest) {
        String placeholders = String.join(",", from.stream().map(s -> "?").toList());
        Object[] args = new Object[3 + from.size()];
        args[0] = to.name();
        args[1] = Timestamp.from(clock.instant());
        args[2] = deliveryId;
        for (int i = 0; i < from.size(); i++) {
            args[3 + i] = from.get(i).name();
        }
        int n = jdbc.update("UPDATE delivery SET state = ?, updated_at = ? WHERE id = ? AND state IN (" + placeholders + ")",
                args);
        if (n == 0) {
            return false;
        }
        event(deliveryId, documentId, to, at, detail, digest);
        if (LegalOrder.releases(to)) {
            releaseSuccessors(deliveryId, to, at);
        }
        return true;
    }

    /** One step of a delivery's history: the state reached, when, what is said of it, the digest concerned. */
    public record Step(DeliveryState state, Instant at, String detail, String digest) { }

    /** A verified receipt as the delivery row keeps it (status ACCEPTED or REJECTED, with the error code). */
    public record ReceiptRecord(byte[] signed, String id, String status, Instant receivedAt, String errorCode) { }

    /**
     * A verified receipt settles a delivery: the receipt is stored and the delivery moves on to
     * {@code delivered} (DELIVERED) and {@code settled} (RECEIPTED or REJECTED) in one row update,
     * each step with its own history entry, audit entry and metric, exactly as if taken one by one.
     * From DISPATCHED; or from SIGNED when {@code dispatched} is given (the dispatch and its
     * receipt are recorded together: a push whose answer is the receipt, an acknowledgement that
     * overtook the record of its fetch), which then comes first in the history.
     *
     * @return false (nothing written) if the delivery was in neither state: another receipt got
     *         there first, or the recipient's reply overtook its receipt
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean settle(long deliveryId, UUID documentId, Step dispatched, Step delivered, Step settled,
                          ReceiptRecord receipt) {
        List<Step> steps;
        if (moveWithReceipt(deliveryId, DeliveryState.DISPATCHED, settled.state(), receipt)) {
            steps = List.of(delivered, settled);
        } else if (dispatched != null && moveWithReceipt(deliveryId, DeliveryState.SIGNED, settled.state(), receipt)) {
            steps = List.of(dispatched, delivered, settled);
        } else {
            return false;
        }
        for (Step step : steps) {
            event(deliveryId, documentId, step.state(), step.at(), step.detail(), step.digest());
            if (LegalOrder.releases(step.state())) {
                releaseSuccessors(deliveryId, step.state(), step.at());
            }
        }
        return true;
    }

    private boolean moveWithReceipt(long deliveryId, DeliveryState from, DeliveryState to, ReceiptRecord r) {
        return jdbc.update("UPDATE delivery SET state = ?, updated_at = ?, receipt = ?, receipt_id = ?, receipt_status = ?,"
                        + " received_at = ?, last_error = ? WHERE id = ? AND state = ?", to.name(),
                Timestamp.from(clock.instant()), r.signed(), r.id(), r.status(), Timestamp.from(r.receivedAt()),
                r.errorCode(), deliveryId, from.name()) == 1;
    }

    /**
     * The signing stage's result: the envelope stored and the delivery SIGNED in one row update,
     * with its history and audit entry. False (nothing written) unless it was ACCEPTED.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean sealed(long deliveryId, UUID documentId, byte[] envelope, String sha256, Instant at, String detail) {
        int n = jdbc.update("UPDATE delivery SET state = ?, updated_at = ?, envelope = ?, envelope_sha256 = ?"
                        + " WHERE id = ? AND state = ?", DeliveryState.SIGNED.name(), Timestamp.from(clock.instant()),
                envelope, sha256, deliveryId, DeliveryState.ACCEPTED.name());
        if (n == 0) {
            return false;
        }
        event(deliveryId, documentId, DeliveryState.SIGNED, at, detail, sha256);
        return true;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String destination, long deliveryId) {
        jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at) VALUES (?, ?, ?)", destination, deliveryId,
                Timestamp.from(clock.instant()));
    }

    /**
     * An outbox message the relay publishes no earlier than {@code notBefore}, with the reason on
     * the delivery's {@code last_error}; unlike {@link #recordFailure} no attempt is counted.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void defer(String destination, long deliveryId, Instant notBefore, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at, not_before) VALUES (?, ?, ?, ?)", destination,
                deliveryId, now, Timestamp.from(notBefore));
        jdbc.update("UPDATE delivery SET last_error = ?, updated_at = ? WHERE id = ?", truncate(reason), now, deliveryId);
    }

    // ---- legal order (DESIGN §5, §9): the database gate on (order, recipient) ----

    /** The document number a document revokes or follows, read from it at intake. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordPredecessor(UUID documentId, String predecessorNumber) {
        jdbc.update("UPDATE document SET predecessor_number = ? WHERE id = ?", predecessorNumber, documentId);
    }

    /**
     * The predecessor's delivery to the same recipient (same branch, the document number the
     * successor revokes or follows), its row locked until the caller's transaction ends: a
     * predecessor moving to RECEIPTED at the same moment waits for the hold to commit, and then
     * releases it ({@link #transition}). Empty when there is none.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Predecessor> lockPredecessor(long deliveryId) {
        List<Object[]> found = jdbc.query("SELECT p.id, pdoc.document_number, doc.document_type FROM delivery d JOIN document doc"
                + " ON doc.id = d.document_id JOIN document pdoc ON pdoc.branch = doc.branch"
                + " AND pdoc.document_number = doc.predecessor_number JOIN delivery p ON p.document_id = pdoc.id"
                + " AND p.recipient = d.recipient WHERE d.id = ?",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)},
                deliveryId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long id = (Long) found.get(0)[0];
        // Only the delivery row is locked (the one its RECEIPTED transition updates), never a document row.
        return jdbc.queryForList("SELECT state FROM delivery WHERE id = ? FOR UPDATE", String.class, id).stream()
                .findFirst().map(state -> new Predecessor(id, DeliveryState.valueOf(state), (String) found.get(0)[1],
                        LegalOrder.Successor.of((String) found.get(0)[2])));
    }

    /** Marks a (SIGNED) delivery as waiting for its predecessor's delivery, with a history entry. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void hold(long deliveryId, UUID documentId, Predecessor predecessor, String recipient) {
        jdbc.update("UPDATE delivery SET held_for = ?, updated_at = ? WHERE id = ?", predecessor.deliveryId(),
                Timestamp.from(clock.instant()), deliveryId);
        note(deliveryId, documentId, DeliveryState.SIGNED, "DELIVERY_HELD", "waiting for order "
                + predecessor.documentNumber() + " at " + recipient + " (" + predecessor.state() + ")");
    }

    /** Whether a delivery is waiting for its predecessor. */
    public boolean isHeld(long deliveryId) {
        return jdbc.queryForList("SELECT id FROM delivery WHERE id = ? AND held_for IS NOT NULL", Long.class, deliveryId)
                .size() > 0;
    }

    /**
     * Lets every delivery waiting for this one go, as far as {@code reached} releases its kind
     * (a revocation on RECEIPTED, a follow-up order only on ANSWERED): back through signing
     * (which passes it on).
     */
    /**
     * The deliveries held for one delivery. Only the held_for index finds them without a walk, so
     * the condition names nothing else (with the state in it, H2 took the state index and walked
     * every SIGNED delivery on every receipt: issue #7); H2QueryPlanTest checks the plan.
     */
    static final String SUCCESSORS_SQL = "SELECT d.id, d.document_id, pdoc.document_number, doc.document_type, d.state"
            + " FROM delivery d JOIN document doc ON doc.id = d.document_id"
            + " JOIN delivery p ON p.id = d.held_for JOIN document pdoc ON pdoc.id = p.document_id"
            + " WHERE d.held_for = ?";

    private void releaseSuccessors(long predecessorId, DeliveryState reached, Instant at) {
        List<Object[]> waiting = jdbc.query(SUCCESSORS_SQL,
                (rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5)}, predecessorId).stream()
                .filter(w -> DeliveryState.SIGNED.name().equals(w[4])).toList();
        for (Object[] w : waiting) {
            if (!LegalOrder.releases(LegalOrder.Successor.of((String) w[3]), reached)) {
                continue; // a follow-up order keeps waiting for the seizure's reply
            }
            long id = (Long) w[0];
            jdbc.update("UPDATE delivery SET held_for = NULL, updated_at = ? WHERE id = ?", Timestamp.from(at), id);
            note(id, (UUID) w[1], DeliveryState.SIGNED, "DELIVERY_RELEASED", "released: order " + w[2] + " is " + reached);
            enqueue(SIGN, id);
        }
    }

    /** A history entry and audit entry without a change of state (no transition metric). */
    private void note(long deliveryId, UUID documentId, DeliveryState state, String action, String detail) {
        jdbc.update("INSERT INTO delivery_event (delivery_id, state, occurred_at, detail) VALUES (?, ?, ?, ?)", deliveryId,
                state.name(), Timestamp.from(clock.instant()), truncate(detail));
        audit.recordInTransaction("gateway", action, documentId.toString(), null, null,
                "delivery " + deliveryId + ": " + detail);
    }

    /**
     * The predecessor's delivery to the same recipient, as the legal-order gate sees it, and the
     * kind of the successor asking (which decides how far the predecessor must have got).
     */
    public record Predecessor(long deliveryId, DeliveryState state, String documentNumber,
                              LegalOrder.Successor successor) { }

    private void event(long deliveryId, UUID documentId, DeliveryState state, Instant at, String detail, String digest) {
        jdbc.update("INSERT INTO delivery_event (delivery_id, state, occurred_at, detail) VALUES (?, ?, ?, ?)", deliveryId,
                state.name(), Timestamp.from(at), truncate(detail));
        audit.recordInTransaction("gateway", "DELIVERY_" + state.name(), documentId.toString(), digest, null,
                "delivery " + deliveryId + (detail == null ? "" : ": " + detail));
        meters.counter("gateway.delivery.transitions", "state", state.name()).increment();
    }

    /** Notes a failed attempt without changing the state (the broker will redeliver). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordFailure(long deliveryId, String error) {
        jdbc.update("UPDATE delivery SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
                truncate(error), Timestamp.from(clock.instant()), deliveryId);
    }

    /** The data dispatch needs about one delivery. */
    public Optional<DeliveryWork> work(long deliveryId) {
        return jdbc.query("SELECT d.id, d.document_id, d.recipient, d.recipient_kind, d.role, d.transport, d.state,"
                        + " d.envelope, d.envelope_sha256, doc.branch, doc.document_number, doc.document_type, doc.xml, doc.signed"
                        + " FROM delivery d JOIN document doc ON doc.id = d.document_id WHERE d.id = ?",
                (rs, i) -> new DeliveryWork(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), DeliveryState.valueOf(rs.getString(7)), rs.getBytes(8),
                        rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getBytes(13),
                        rs.getBytes(14)), deliveryId).stream().findFirst();
    }

    /** Keeps the document's SignedData (made once, encrypted per recipient); first writer wins. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void storeSigned(UUID documentId, byte[] signed) {
        jdbc.update("UPDATE document SET signed = ? WHERE id = ? AND signed IS NULL", signed, documentId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void storeReceipt(long deliveryId, byte[] receipt, String receiptId, String status, Instant receivedAt,
                             String errorCode) {
        jdbc.update("UPDATE delivery SET receipt = ?, receipt_id = ?, receipt_status = ?, received_at = ?, last_error = ?"
                + " WHERE id = ?", receipt, receiptId, status, Timestamp.from(receivedAt), errorCode, deliveryId);
    }

    /**
     * States a delivery reaches from DISPATCHED without passing RECEIPTED: the recipient's reply
     * overtook its receipt, which may still arrive afterwards. (OVERDUE is reached from RECEIPTED
     * only, so it always has its receipt.)
     */
    public static final Set<DeliveryState> MOVED_ON_WITHOUT_RECEIPT = EnumSet.of(DeliveryState.ANSWERED);

    /**
     * Keeps a verified receipt that arrived after its delivery had moved on without one (see
     * {@link #MOVED_ON_WITHOUT_RECEIPT}): it is the evidence that the document entered the
     * recipient's system, so it is stored like any receipt, with a history and audit entry; the
     * state does not change.
     *
     * @return false (nothing written) if the delivery has a receipt already or is in another state
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean storeLateReceipt(long deliveryId, UUID documentId, DeliveryState state, ReceiptRecord receipt,
                                    String detail) {
        if (!MOVED_ON_WITHOUT_RECEIPT.contains(state)) {
            return false;
        }
        int n = jdbc.update("UPDATE delivery SET receipt = ?, receipt_id = ?, receipt_status = ?, received_at = ?"
                        + " WHERE id = ? AND state = ? AND receipt IS NULL AND envelope_sha256 IS NOT NULL", receipt.signed(),
                receipt.id(), receipt.status(), Timestamp.from(receipt.receivedAt()), deliveryId, state.name());
        if (n == 0) {
            return false;
        }
        note(deliveryId, documentId, state, "DELIVERY_LATE_RECEIPT", detail);
        return true;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    /** One delivery with its document, as dispatch sees it. */
    public record DeliveryWork(long id, UUID documentId, String recipient, String recipientKind, String role,
                               String transport, DeliveryState state, byte[] envelope, String envelopeSha256,
                               String branch, String documentNumber, String documentType, byte[] xml, byte[] signed) {
        /** This delivery as the signing stage left it: SIGNED, with its envelope. */
        public DeliveryWork sealed(byte[] sealedEnvelope, String sha256, byte[] signedData) {
            return new DeliveryWork(id, documentId, recipient, recipientKind, role, transport, DeliveryState.SIGNED,
                    sealedEnvelope, sha256, branch, documentNumber, documentType, xml, signedData);
        }
    }
}
