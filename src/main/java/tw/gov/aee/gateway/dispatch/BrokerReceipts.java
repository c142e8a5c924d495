package tw.gov.aee.gateway.dispatch;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;
import tw.gov.aee.gateway.tracking.DeliveryStore.Step;

/**
 * A BROKER party's signed Receipt from its {@code .out} address (DESIGN §9 "Receipt": "the receiver
 * sends it on its own .out address"), checked by {@link ReceiptVerifier} against the delivery of
 * the document it names to <em>that</em> party: then DELIVERED and RECEIPTED (or REJECTED).
 *
 * <p>A receipt that does not hold up (wrong signer, wrong digest, no such delivery, not a CMS
 * structure …) is never dropped: it is kept with its reason in {@code broker_receipt_refused} and
 * an audit entry, the delivery's {@code last_error} says why, and the delivery stays DISPATCHED.
 * The same receipt again after the delivery was receipted changes nothing; a different one for a
 * receipted delivery is refused as {@code duplicate-conflict}. A receipt that arrives after the
 * recipient's reply moved the delivery on (ANSWERED) is checked the same way
 * and kept as evidence, the state unchanged.
 */
@Component
public class BrokerReceipts {

    private static final Logger log = LoggerFactory.getLogger(BrokerReceipts.class);

    private final DeliveryStore store;
    private final ReceiptVerifier receipts;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    public BrokerReceipts(DeliveryStore store, ReceiptVerifier receipts, AuditLog audit, JdbcTemplate jdbc,
                          TransactionTemplate tx) {
        this.store = store;
        this.receipts = receipts;
        this.audit = audit;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * @param party      the party whose {@code .out} address the receipt came from (the route's, never the message's)
     * @param documentId the message's {@code documentId} property
     */
    public void accept(@Body byte[] receipt, @Header(BrokerDispatcher.DOCUMENT_ID) String documentId,
                       @Header("brokerParty") String party) {
        settle(party, documentId, receipt).ifPresent(r -> refuse(party, r.documentId(), r.deliveryId(), receipt,
                r.error(), r.detail()));
    }

    /** Why a receipt did not count: the caller keeps it with this reason (its channel's way). */
    public record Refusal(String documentId, Long deliveryId, GatewayError error, String detail) { }

    /**
     * Checks {@code receipt} from {@code party} for the delivery of {@code documentId} to that party
     * and, if it holds up, makes the delivery DELIVERED and RECEIPTED (or REJECTED). A failed
     * verification is also put on the delivery's {@code last_error}; the delivery stays DISPATCHED.
     *
     * @return empty when the receipt counted, or was the same receipt again; else why it was refused
     */
    public Optional<Refusal> settle(String party, String documentId, byte[] receipt) {
        Instant now = clock.instant();
        if (receipt == null || receipt.length == 0) {
            return Optional.of(new Refusal(documentId, null, GatewayError.MALFORMED_INPUT, "empty receipt"));
        }
        UUID id;
        try {
            id = UUID.fromString(documentId == null ? "" : documentId);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Refusal(documentId, null, GatewayError.MALFORMED_INPUT,
                    "the receipt names no document id"));
        }
        Optional<DeliveryWork> found = jdbc.queryForList("SELECT id FROM delivery WHERE document_id = ? AND recipient = ?",
                Long.class, id, party).stream().findFirst().flatMap(store::work);
        if (found.isEmpty()) {
            return Optional.of(new Refusal(documentId, null, GatewayError.RECEIPT_MISMATCH,
                    "no delivery of document " + documentId + " to " + party));
        }
        DeliveryWork w = found.get();
        if (DeliveryStore.MOVED_ON_WITHOUT_RECEIPT.contains(w.state()) && storedReceipt(w.id()) == null) {
            return late(party, w, receipt, now);
        }
        if (w.state() != DeliveryState.DISPATCHED) {
            return alreadyDone(w, receipt);
        }
        VerifiedReceipt r;
        try {
            r = receipts.verify(receipt, party, documentId, w.envelopeSha256(), now);
        } catch (GatewayException e) {
            store.recordFailure(w.id(), e.error().code() + ": " + e.getMessage());
            return Optional.of(new Refusal(documentId, w.id(), e.error(), e.getMessage()));
        }
        Boolean done = tx.execute(status -> store.settle(w.id(), w.documentId(), null,
                new Step(DeliveryState.DELIVERED, r.receivedAt(), "entered " + party + "'s system", w.envelopeSha256()),
                r.settles(party, clock.instant()), r.record()));
        if (!Boolean.TRUE.equals(done)) {
            // moved meanwhile: the bank's reply (the receipt is still owed its place) or another receipt
            DeliveryWork moved = store.work(w.id()).orElseThrow();
            return DeliveryStore.MOVED_ON_WITHOUT_RECEIPT.contains(moved.state()) ? keepLate(party, moved, r, receipt)
                    : alreadyDone(moved, receipt);
        }
        log.info("delivery {} of document {} to {}: {}", w.id(), w.documentId(), party,
                r.accepted() ? "RECEIPTED" : "REJECTED " + r.errorCode());
        return Optional.empty();
    }

    /**
     * The receipt of a delivery the recipient's reply overtook:
     * checked like any receipt and kept as the evidence of entry; the state stays.
     */
    private Optional<Refusal> late(String party, DeliveryWork w, byte[] receipt, Instant now) {
        VerifiedReceipt r;
        try {
            r = receipts.verify(receipt, party, w.documentId().toString(), w.envelopeSha256(), now);
        } catch (GatewayException e) {
            return Optional.of(new Refusal(w.documentId().toString(), w.id(), e.error(), e.getMessage()));
        }
        return keepLate(party, w, r, receipt);
    }

    private Optional<Refusal> keepLate(String party, DeliveryWork w, VerifiedReceipt r, byte[] receipt) {
        Boolean kept = tx.execute(status -> store.storeLateReceipt(w.id(), w.documentId(), w.state(),
                r.record(),
                "receipt " + r.receiptId() + " verified after the delivery was " + w.state() + r.saysRejected()));
        if (!Boolean.TRUE.equals(kept)) {
            return alreadyDone(w, receipt); // a concurrent receipt got there first
        }
        log.info("delivery {} of document {} to {}: receipt {} arrived after the delivery was {}, kept as evidence",
                w.id(), w.documentId(), party, r.receiptId(), w.state());
        return Optional.empty();
    }

    private byte[] storedReceipt(long deliveryId) {
        return jdbc.queryForObject("SELECT receipt FROM delivery WHERE id = ?", byte[].class, deliveryId);
    }

    private Optional<Refusal> alreadyDone(DeliveryWork w, byte[] receipt) {
        byte[] stored = storedReceipt(w.id());
        if (stored != null && MessageDigest.isEqual(stored, receipt)) {
            log.info("delivery {} of document {} to {}: the same receipt again, already {}", w.id(), w.documentId(),
                    w.recipient(), w.state());
            return Optional.empty();
        }
        return Optional.of(new Refusal(w.documentId().toString(), w.id(),
                stored == null ? GatewayError.RECEIPT_MISMATCH : GatewayError.DUPLICATE_CONFLICT,
                stored == null ? "the delivery is " + w.state() + ", not awaiting a receipt"
                        : "another receipt for a delivery already " + w.state()));
    }

    private void refuse(String party, String documentId, Long deliveryId, byte[] receipt, GatewayError error,
                        String detail) {
        String digest = receipt == null ? null : CmsEnvelope.sha256Hex(receipt);
        String documentRef = documentId == null || documentId.length() > 36 ? null : documentId;
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO broker_receipt_refused (party, document_id, delivery_id, error_code, detail, receipt,"
                            + " receipt_sha256, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", party, documentRef, deliveryId,
                    error.code(), truncate(detail), receipt, digest, Timestamp.from(clock.instant()));
            audit.recordInTransaction(party, "BROKER_RECEIPT_REFUSED", documentRef, digest, error.code(),
                    "receipt on the broker refused" + (deliveryId == null ? "" : " for delivery " + deliveryId) + ": "
                            + detail);
        });
        log.warn("receipt from {} for document {} refused and kept ({}): {}", party, documentRef, error.code(), detail);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
