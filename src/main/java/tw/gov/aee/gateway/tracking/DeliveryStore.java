package tw.gov.aee.gateway.tracking;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
        KeyHolder key = new GeneratedKeyHolder();
        Instant now = clock.instant();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO delivery (document_id, recipient, recipient_kind, role, transport,"
                    + " state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setObject(1, documentId);
            ps.setString(2, recipient);
            ps.setString(3, recipientKind);
            ps.setString(4, role);
            ps.setString(5, transport);
            ps.setString(6, DeliveryState.ACCEPTED.name());
            ps.setTimestamp(7, Timestamp.from(now));
            return ps;
        }, key);
        long id = key.getKey().longValue();
        event(id, documentId, DeliveryState.ACCEPTED, now, role + " to " + recipient + " by " + transport, null);
        enqueue(SIGN, id);
        return id;
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
        return true;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String destination, long deliveryId) {
        jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at) VALUES (?, ?, ?)", destination, deliveryId,
                Timestamp.from(clock.instant()));
    }

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
    public void storeEnvelope(long deliveryId, byte[] envelope, String sha256) {
        jdbc.update("UPDATE delivery SET envelope = ?, envelope_sha256 = ? WHERE id = ?", envelope, sha256, deliveryId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void storeReceipt(long deliveryId, byte[] receipt, String receiptId, String status, Instant receivedAt,
                             String errorCode) {
        jdbc.update("UPDATE delivery SET receipt = ?, receipt_id = ?, receipt_status = ?, received_at = ?, last_error = ?"
                + " WHERE id = ?", receipt, receiptId, status, Timestamp.from(receivedAt), errorCode, deliveryId);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    /** One delivery with its document, as dispatch sees it. */
    public record DeliveryWork(long id, UUID documentId, String recipient, String recipientKind, String role,
                               String transport, DeliveryState state, byte[] envelope, String envelopeSha256,
                               String branch, String documentNumber, String documentType, byte[] xml, byte[] signed) { }
}
