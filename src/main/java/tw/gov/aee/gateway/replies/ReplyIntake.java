package tw.gov.aee.gateway.replies;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.documents.DocumentRules;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * The seizure-reply flow, whatever the channel (SOAP, broker, batch file) it came by: open the
 * envelope with the gateway's key, verify the signature and the signer's certificate at the time
 * of reception, require the signer to be the bank that sent it, validate the reply, correlate it
 * to the order (its document id, else the order's document number), check the order was addressed
 * to that bank, store it with its envelope as evidence and mark the delivery ANSWERED — or
 * quarantine it with the reason. Either way the bank gets a signed receipt (accepted, or rejected
 * with the error code), and nothing it sent is dropped. An identical resend (same id, same bytes)
 * gets the original receipt again and is processed once; the same id with other bytes, or the
 * same content under a new id, is a replay and quarantined.
 */
@Service
public class ReplyIntake {

    private static final Logger log = LoggerFactory.getLogger(ReplyIntake.class);
    private static final List<DeliveryState> ANSWERABLE = List.of(DeliveryState.SIGNED, DeliveryState.DISPATCHED,
            DeliveryState.DELIVERED, DeliveryState.RECEIPTED, DeliveryState.OVERDUE);

    /** The broker destination that routes an accepted reply to its branch. */
    public static final String ROUTE_REPLY = "reply";

    private final KeyRing keys;
    private final SignatureVerifier verifier;
    private final DocumentReader reader;
    private final DocumentRules rules;
    private final ParticipantsDirectory directory;
    private final ReceiptWriter receipts;
    private final DeliveryStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final List<ReplyPolicy> policies;
    private final BranchFeed feed;
    private final ReplyRouter router;
    private final Clock clock = Clock.systemUTC();

    public ReplyIntake(KeyRing keys, SignatureVerifier verifier, DocumentReader reader, DocumentRules rules,
                       ParticipantsDirectory directory, ReceiptWriter receipts, DeliveryStore store, JdbcTemplate jdbc,
                       TransactionTemplate tx, MeterRegistry meters, List<ReplyPolicy> policies, BranchFeed feed,
                       ReplyRouter router) {
        this.router = router;
        this.keys = keys;
        this.verifier = verifier;
        this.reader = reader;
        this.rules = rules;
        this.directory = directory;
        this.receipts = receipts;
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
        this.meters = meters;
        this.policies = List.copyOf(policies);
        this.feed = feed;
    }

    /**
     * @param channel  SOAP, BROKER or FILE
     * @param sender   the bank the channel authenticated (client certificate, broker user, folder)
     * @param replyId  the id the channel carried (SOAP replyId, message property, file name), or null
     * @return the signed receipt to send back, and what happened
     */
    public ReplyOutcome accept(String channel, String sender, String replyId, byte[] envelope) {
        Instant receivedAt = clock.instant();
        String sha256 = CmsEnvelope.sha256Hex(envelope);
        ReplyOutcome resend = identicalResend(sender, replyId, sha256);
        if (resend == null) {
            resend = quarantinedBefore(sender, sha256);
        }
        if (resend != null) {
            return resend;
        }
        try {
            Accepted a = open(sender, replyId, envelope, receivedAt);
            return store(channel, sender, envelope, sha256, receivedAt, a);
        } catch (GatewayException e) {
            return quarantine(channel, sender, replyId, envelope, sha256, receivedAt, e.error(), e.getMessage());
        }
    }

    /**
     * An operator's second look at a quarantined reply ({@code POST /api/ops/quarantine/{id}/release}):
     * the same checks as {@link #accept} — only the "quarantined before" short-cut is skipped, and a
     * reply that still fails is not quarantined a second time: the caller keeps the existing entry
     * with the new reason.
     */
    public Reconsidered reconsider(String channel, String sender, String replyId, byte[] envelope) {
        Instant receivedAt = clock.instant();
        String sha256 = CmsEnvelope.sha256Hex(envelope);
        ReplyOutcome resend = identicalResend(sender, replyId, sha256);
        if (resend != null) {
            return new Reconsidered(true, null, null, resend.orderId());
        }
        try {
            Accepted a = open(sender, replyId, envelope, receivedAt);
            ReplyOutcome o = store(channel, sender, envelope, sha256, receivedAt, a);
            return o.accepted() ? new Reconsidered(true, null, null, o.orderId())
                    : new Reconsidered(false, o.errorCode(), "the reply repeats an earlier one", null);
        } catch (GatewayException e) {
            return new Reconsidered(false, e.error().code(), truncate(e.getMessage(), 1000), null);
        }
    }

    /** What a second look found: accepted (stored and routed), or still failing with a reason. */
    public record Reconsidered(boolean accepted, String errorCode, String detail, UUID orderId) { }

    private record Accepted(SeizureReply reply, String replyId, byte[] xml, String contentSha256, Instant signingTime,
                            UUID orderId, long deliveryId, String branch, String caseNumber) { }

    private Accepted open(String sender, String claimedId, byte[] envelope, Instant receivedAt) {
        CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, keys.archiveKey(), verifier, receivedAt);
        if (!opened.signer().equals(directory.certificate(sender, CertificateRole.SIGNING))) {
            throw new GatewayException(GatewayError.WRONG_SIGNER, "reply sent by " + sender + " is signed by "
                    + opened.signer().getSubjectX500Principal().getName());
        }
        SeizureReply reply = reader.readXml(opened.document(), SeizureReply.class);
        rules.check(reply);
        String replyId = reply.getHeader().getDocumentId();
        if (replyId == null || claimedId != null && !claimedId.equals(replyId)) {
            throw new GatewayException(GatewayError.SCHEMA_INVALID, "the reply's own id (" + replyId
                    + ") is missing or differs from the id it was sent under (" + claimedId + ")");
        }
        if (!sender.equals(reply.getHeader().getSender().getCode())) {
            throw new GatewayException(GatewayError.WRONG_SIGNER, "reply names sender "
                    + reply.getHeader().getSender().getCode() + " but came from " + sender);
        }
        reply.getHeader().setDocumentId(null);
        String contentSha256 = CmsEnvelope.sha256Hex(reader.toXml(reply));
        reply.getHeader().setDocumentId(replyId);
        Map<String, Object> order = correlate(reply);
        UUID orderId = (UUID) order.get("id");
        List<Long> delivery = jdbc.queryForList("SELECT id FROM delivery WHERE document_id = ? AND recipient = ?"
                + " AND role = 'ADDRESSEE'", Long.class, orderId, sender);
        if (delivery.isEmpty()) {
            throw new GatewayException(GatewayError.WRONG_RECIPIENT, "order " + order.get("document_number")
                    + " was not addressed to " + sender);
        }
        return new Accepted(reply, replyId, opened.document(), contentSha256, opened.signingTime(), orderId,
                delivery.get(0), (String) order.get("branch"), (String) order.get("case_number"));
    }

    /** By the order's document id; failing that, by the issuing branch and the order's 文號. */
    private Map<String, Object> correlate(SeizureReply reply) {
        String byId = reply.getInReplyTo().getDocumentId();
        List<Map<String, Object>> found = List.of();
        try {
            if (byId != null) {
                found = jdbc.queryForList("SELECT id, branch, document_number, case_number FROM document WHERE id = ?"
                        + " AND document_type = 'EnforcementOrder'", UUID.fromString(byId));
            }
        } catch (IllegalArgumentException notAUuid) {
            found = List.of();
        }
        if (found.isEmpty()) {
            found = jdbc.queryForList("SELECT id, branch, document_number, case_number FROM document WHERE branch = ?"
                            + " AND document_number = ? AND document_type = 'EnforcementOrder'",
                    reply.getHeader().getIssuingBranch(), reply.getInReplyTo().getDocumentNumber());
        }
        if (found.isEmpty()) {
            throw new GatewayException(GatewayError.UNKNOWN_ORDER, "no order " + reply.getInReplyTo().getDocumentNumber()
                    + " (" + byId + ") of branch " + reply.getHeader().getIssuingBranch());
        }
        return found.get(0);
    }

    private ReplyOutcome store(String channel, String sender, byte[] envelope, String sha256, Instant receivedAt,
                               Accepted a) {
        byte[] receipt = receipts.sign(a.replyId(), sha256, receivedAt, null, null);
        try {
            tx.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO reply (id, bank, channel, envelope, envelope_sha256, content_sha256, xml, order_id,"
                                + " delivery_id, branch, case_number, result, total_seized, signing_time, received_at, receipt)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        a.replyId(), sender, channel, envelope, sha256, a.contentSha256(), a.xml(), a.orderId(),
                        a.deliveryId(), a.branch(), a.caseNumber(), a.reply().getResult().name(), a.reply().getTotalSeized(),
                        a.signingTime() == null ? null : Timestamp.from(a.signingTime()), Timestamp.from(receivedAt), receipt);
                store.transition(a.deliveryId(), a.orderId(), ANSWERABLE, DeliveryState.ANSWERED, receivedAt,
                        "reply " + a.replyId() + " from " + sender + ": " + a.reply().getResult() + ", seized NT$"
                                + a.reply().getTotalSeized(), sha256);
                if (router.routesAsStored(a.branch())) {
                    router.routedAsStored(sender, a.replyId(), a.deliveryId(), a.branch(), a.orderId(), receivedAt);
                } else {
                    store.enqueue(ROUTE_REPLY, a.deliveryId());
                }
                ReplyPolicy.StoredReply stored = new ReplyPolicy.StoredReply(a.replyId(), sender, a.orderId(),
                        a.deliveryId(), a.branch(), a.caseNumber(), a.reply(), receivedAt);
                for (ReplyPolicy policy : policies) {
                    policy.apply(stored); // in this transaction: acts once, with the reply or not at all
                }
                // Last: the branch feed's counter stays locked until commit, so positions commit in order
                // and a polling branch that continues from a position never skips this reply.
                jdbc.update("UPDATE reply SET feed_position = ? WHERE bank = ? AND id = ?",
                        feed.take(a.branch(), BranchFeed.Feed.REPLY), sender, a.replyId());
            });
        } catch (DuplicateKeyException replay) {
            ReplyOutcome again = identicalResend(sender, a.replyId(), sha256);
            if (again != null) {
                return again;
            }
            return quarantineAfterRace(channel, sender, a, envelope, sha256, receivedAt);
        }
        meters.counter("gateway.replies.accepted", "result", a.reply().getResult().name()).increment();
        log.info("reply {} from {} to order {} ({}): {}", a.replyId(), sender, a.orderId(), a.branch(), a.reply().getResult());
        return new ReplyOutcome(receipt, true, null, a.replyId(), a.orderId());
    }

    private ReplyOutcome quarantineAfterRace(String channel, String sender, Accepted a, byte[] envelope, String sha256,
                                             Instant receivedAt) {
        return quarantine(channel, sender, a.replyId(), envelope, sha256, receivedAt, GatewayError.REPLAY,
                "reply repeats an earlier reply of " + sender + " (same id with other bytes, or same content under a new id)");
    }

    /** The same (bank, id) with the same bytes: the original receipt, nothing processed again. */
    private ReplyOutcome identicalResend(String sender, String replyId, String sha256) {
        if (replyId == null) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT envelope_sha256, receipt, order_id FROM reply"
                + " WHERE bank = ? AND id = ?", sender, replyId);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        if (!MessageDigest.isEqual(((String) row.get("envelope_sha256")).getBytes(StandardCharsets.US_ASCII),
                sha256.getBytes(StandardCharsets.US_ASCII))) {
            return null; // same id, other bytes: a replay, found again when storing
        }
        meters.counter("gateway.replies.resent").increment();
        return new ReplyOutcome((byte[]) row.get("receipt"), true, null, replyId, (UUID) row.get("order_id"));
    }

    /** The same bytes quarantined before: the same rejecting receipt, not a second quarantine entry. */
    private ReplyOutcome quarantinedBefore(String sender, String sha256) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT receipt, reason, reply_id FROM quarantine WHERE party = ?"
                + " AND envelope_sha256 = ? ORDER BY id FETCH FIRST 1 ROWS ONLY", sender, sha256);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        return new ReplyOutcome((byte[]) row.get("receipt"), false, (String) row.get("reason"), (String) row.get("reply_id"),
                null);
    }

    private ReplyOutcome quarantine(String channel, String sender, String replyId, byte[] envelope, String sha256,
                                    Instant receivedAt, GatewayError reason, String detail) {
        String receiptFor = replyId != null && replyId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                ? replyId : UUID.nameUUIDFromBytes(sha256.getBytes(StandardCharsets.US_ASCII)).toString();
        byte[] receipt = receipts.sign(receiptFor, sha256, receivedAt, reason, reason.title());
        jdbc.update("INSERT INTO quarantine (party, reply_id, channel, envelope, envelope_sha256, reason, detail, received_at,"
                        + " receipt, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'HELD')", sender, truncate(replyId, 64), channel,
                envelope, sha256, reason.code(), truncate(detail, 1000), Timestamp.from(receivedAt), receipt);
        meters.counter("gateway.replies.quarantined", "reason", reason.code()).increment();
        log.warn("reply from {} quarantined: {} ({})", sender, reason.code(), truncate(detail, 300));
        return new ReplyOutcome(receipt, false, reason.code(), replyId, null);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * What happened to a reply.
     *
     * @param receipt   the gateway's signed receipt to send back (CMS SignedData)
     * @param errorCode the quarantine reason when not accepted
     * @param orderId   the order it answers, when accepted
     */
    public record ReplyOutcome(byte[] receipt, boolean accepted, String errorCode, String replyId, UUID orderId) { }
}
