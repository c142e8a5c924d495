package tw.gov.aee.gateway.dispatch;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.participants.Transport;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.Step;

/**
 * Pull delivery (DESIGN §9 "Receipt", "Pull"): a PULL recipient's sealed deliveries wait here
 * until the recipient fetches them and acknowledges each with its signed Receipt.
 *
 * <p>{@link #fetch} offers the caller's deliveries that are SIGNED or DISPATCHED, oldest first; a
 * SIGNED one becomes DISPATCHED ("fetched by …") the first time it is offered. Nothing else changes
 * on a fetch: whatever is not acknowledged is offered again on the next one, so a recipient that
 * crashes between fetch and acknowledge loses nothing (it must deduplicate by document id).
 *
 * <p>{@link #acknowledge} checks the receipt with {@link ReceiptVerifier} (signer = the caller's
 * directory signing certificate, same document id, same envelope digest) before anything moves:
 * DISPATCHED → DELIVERED at the receipt's receivedAt → RECEIPTED, or REJECTED when the recipient
 * says so. A receipt that does not hold up is recorded ({@code last_error}, {@code attempts}) and
 * refused; the delivery stays DISPATCHED and is offered again. The same receipt sent twice is
 * answered as the first time and changes nothing. Safe for several gateway nodes: every move is a
 * guarded transition, so concurrent fetches and acknowledgements of one delivery move it once.
 */
@Component
public class PullMailbox {

    /** The most a single fetch returns (the WSDL's maxInclusive). */
    public static final int MAX_FETCH = 100;

    private static final Logger log = LoggerFactory.getLogger(PullMailbox.class);
    private static final List<DeliveryState> PENDING = List.of(DeliveryState.SIGNED, DeliveryState.DISPATCHED);

    private final JdbcTemplate jdbc;
    private final DeliveryStore store;
    private final ReceiptVerifier receipts;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    public PullMailbox(JdbcTemplate jdbc, DeliveryStore store, ReceiptVerifier receipts, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.store = store;
        this.receipts = receipts;
        this.tx = tx;
    }

    /** One envelope waiting for its recipient. */
    public record Pending(UUID documentId, byte[] envelope, String envelopeSha256) { }

    /** What an acknowledgement did. */
    public enum Outcome {
        /** The receipt was verified and accepted the document: RECEIPTED. */
        RECEIPTED,
        /** The receipt was verified and says the recipient refused the document: REJECTED. */
        REJECTED,
        /** The very same receipt was already taken: nothing changed. */
        ALREADY_ACKNOWLEDGED,
        /**
         * The receipt was verified and kept as evidence, but the party's reply had already answered
         * the document: the delivery stays ANSWERED.
         */
        KEPT_LATE
    }

    /**
     * Up to {@code max} (at most {@value #MAX_FETCH}) unacknowledged envelopes of {@code party},
     * oldest first; those offered for the first time become DISPATCHED.
     */
    public List<Pending> fetch(String party, int max) {
        int limit = Math.max(1, Math.min(max, MAX_FETCH));
        // One look per state, each an exact prefix of the mailbox index (recipient, transport, state,
        // id): with "state IN (…)" the planner used only (recipient, transport) and walked every
        // delivery the party ever had, so each poll cost more than the last (issue #7).
        List<Row> rows = new ArrayList<>(pending(party, DeliveryState.SIGNED, limit));
        rows.addAll(pending(party, DeliveryState.DISPATCHED, limit));
        rows.sort(java.util.Comparator.comparingLong(Row::id));
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
        }
        Instant now = clock.instant();
        List<Row> firstOffered = rows.stream().filter(r -> r.state() == DeliveryState.SIGNED).toList();
        if (!firstOffered.isEmpty()) {
            // one commit for the whole fetch, not one per document
            tx.executeWithoutResult(status -> firstOffered.forEach(r -> store.transition(r.id(), r.documentId(),
                    List.of(DeliveryState.SIGNED), DeliveryState.DISPATCHED, now, "fetched by " + party,
                    r.envelopeSha256())));
        }
        List<Pending> offered = new ArrayList<>(rows.size());
        for (Row r : rows) {
            offered.add(new Pending(r.documentId(), r.envelope(), r.envelopeSha256()));
        }
        if (!offered.isEmpty()) {
            log.info("mailbox of {}: {} document(s) offered", party, offered.size());
        }
        return offered;
    }

    /** The oldest {@code limit} envelopes of {@code party} in {@code state}, not held. */
    private List<Row> pending(String party, DeliveryState state, int limit) {
        return jdbc.query("SELECT id, document_id, state, envelope, envelope_sha256 FROM delivery"
                        + " WHERE recipient = ? AND transport = ? AND state = ? AND envelope IS NOT NULL"
                        + " AND held_for IS NULL ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new Row(rs.getLong(1), rs.getObject(2, UUID.class), DeliveryState.valueOf(rs.getString(3)),
                        rs.getBytes(4), rs.getString(5)),
                party, Transport.PULL.name(), state.name());
    }

    /**
     * Takes {@code party}'s signed receipt for one fetched document.
     *
     * @throws GatewayException {@code not-found} (no such document, or none in the caller's mailbox),
     *         {@code forbidden} (the document is addressed to others only), {@code duplicate-conflict}
     *         (already acknowledged with another receipt), or the receipt's own refusal
     *         ({@code unknown-signer}, {@code receipt-mismatch}, {@code bad-signature}, …)
     */
    public Outcome acknowledge(String party, String documentId, byte[] receipt) {
        UUID id = parse(documentId);
        Row r = mailboxEntry(party, id);
        if (!PENDING.contains(r.state())) {
            return repeated(party, r, receipt);
        }
        Instant now = clock.instant();
        VerifiedReceipt v;
        try {
            v = receipts.verify(receipt == null ? new byte[0] : receipt, party, id.toString(), r.envelopeSha256(), now);
        } catch (GatewayException e) {
            store.recordFailure(r.id(), e.error().code() + ": " + e.getMessage());
            log.warn("mailbox of {}: receipt for document {} refused: {} {}", party, id, e.error().code(), e.getMessage());
            throw e;
        }
        // acknowledged before the fetch was recorded (another node's fetch): the fetch is recorded with it
        Boolean moved = tx.execute(status -> store.settle(r.id(), id,
                new Step(DeliveryState.DISPATCHED, now, "fetched by " + party, r.envelopeSha256()),
                new Step(DeliveryState.DELIVERED, v.receivedAt(), "entered " + party
                        + "'s system (fetched from its mailbox)", r.envelopeSha256()),
                v.settles(party, clock.instant()), v.record()));
        if (!Boolean.TRUE.equals(moved)) {
            return repeated(party, mailboxEntry(party, id), receipt);
        }
        log.info("delivery {} of document {} to {} (pulled): {}", r.id(), id, party,
                v.accepted() ? "RECEIPTED" : "REJECTED " + v.errorCode());
        return v.accepted() ? Outcome.RECEIPTED : Outcome.REJECTED;
    }

    /** An acknowledgement of a delivery that is no longer waiting: the same receipt again, or a conflict. */
    private Outcome repeated(String party, Row r, byte[] receipt) {
        byte[] stored = jdbc.queryForObject("SELECT receipt FROM delivery WHERE id = ?", byte[].class, r.id());
        if (stored == null && DeliveryStore.MOVED_ON_WITHOUT_RECEIPT.contains(r.state())) {
            return late(party, r, receipt);
        }
        if (stored == null) {
            // ACCEPTED (not sealed yet) or parked without a receipt: nothing in the mailbox to acknowledge
            throw new GatewayException(GatewayError.NOT_FOUND, "document " + r.documentId()
                    + " is not waiting in the mailbox of " + party + " (state " + r.state() + ")");
        }
        if (receipt != null && MessageDigest.isEqual(stored, receipt)) {
            return Outcome.ALREADY_ACKNOWLEDGED;
        }
        throw new GatewayException(GatewayError.DUPLICATE_CONFLICT, "document " + r.documentId()
                + " was already acknowledged by " + party + " with another receipt");
    }

    /** The receipt of a delivery its reply overtook: kept as evidence. */
    private Outcome late(String party, Row r, byte[] receipt) {
        VerifiedReceipt v = receipts.verify(receipt == null ? new byte[0] : receipt, party, r.documentId().toString(),
                r.envelopeSha256(), clock.instant());
        Boolean kept = tx.execute(status -> store.storeLateReceipt(r.id(), r.documentId(), r.state(),
                v.record(),
                "receipt " + v.receiptId() + " verified after the delivery was " + r.state() + " (fetched by " + party
                        + (v.accepted() ? ")" : "; it says rejected: " + v.errorCode() + " " + v.reason() + ")")));
        if (!Boolean.TRUE.equals(kept)) {
            return repeated(party, mailboxEntry(party, r.documentId()), receipt);
        }
        log.info("delivery {} of document {} to {} (pulled): receipt {} arrived after the delivery was {}, kept",
                r.id(), r.documentId(), party, v.receiptId(), r.state());
        return Outcome.KEPT_LATE;
    }

    /** The caller's PULL delivery of the document; forbidden if only others receive it, not-found otherwise. */
    private Row mailboxEntry(String party, UUID id) {
        List<Optional<Row>> own = jdbc.query("SELECT id, document_id, state, envelope, envelope_sha256, transport"
                        + " FROM delivery WHERE document_id = ? AND recipient = ?",
                (rs, i) -> Transport.PULL.name().equals(rs.getString(6))
                        ? Optional.of(new Row(rs.getLong(1), rs.getObject(2, UUID.class),
                        DeliveryState.valueOf(rs.getString(3)), rs.getBytes(4), rs.getString(5)))
                        : Optional.<Row>empty(),
                id, party);
        if (!own.isEmpty()) {
            return own.get(0).orElseThrow(() -> new GatewayException(GatewayError.NOT_FOUND, "document " + id
                    + " is not delivered to the mailbox of " + party + " (its transport is not PULL)"));
        }
        Integer others = jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, id);
        if (others != null && others > 0) {
            throw new GatewayException(GatewayError.FORBIDDEN, "document " + id + " is not addressed to " + party);
        }
        throw new GatewayException(GatewayError.NOT_FOUND, "no document " + id);
    }

    private static UUID parse(String documentId) {
        try {
            UUID id = UUID.fromString(documentId);
            if (!id.toString().equals(documentId)) {
                throw new IllegalArgumentException("not in canonical form");
            }
            return id;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GatewayException(GatewayError.NOT_FOUND, "no document with this id");
        }
    }

    private record Row(long id, UUID documentId, DeliveryState state, byte[] envelope, String envelopeSha256) { }
}
