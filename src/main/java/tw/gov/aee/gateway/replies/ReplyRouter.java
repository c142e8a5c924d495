package tw.gov.aee.gateway.replies;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;
import tw.gov.aee.gateway.replies.BranchChannels.Notice;
import tw.gov.aee.gateway.replies.BranchChannels.NotDelivered;
import tw.gov.aee.gateway.replies.BranchChannels.Pushed;
import tw.gov.aee.gateway.replies.ReplyNotices.ReplyNotice;

/**
 * Route {@code route-reply}: takes the delivery id of an answered (order, bank) delivery from
 * {@code gateway.route.reply} and brings each of its replies to the order's branch by the branch's
 * directory transport (DESIGN §9 "Webhook to branches"), through {@link BranchChannels}:
 * <ul>
 * <li>WEBHOOK: the notice JSON POSTed to the branch's endpoint with a detached CMS signature by the
 *     gateway's signing key; a failure is retried through the outbox ({@code not_before}, doubling
 *     from {@code gateway.webhook.initial-backoff} with jitter) — no sleeping consumer, no broker
 *     redelivery count — until {@code gateway.webhook.retry-for} has passed since the first
 *     attempt, then PARKED for an operator;</li>
 * <li>BROKER: the same JSON on {@code branch.<code>.replies}, properties {@code replyId},
 *     {@code noticeKind=REPLY}, {@code noticeId} and {@code gatewaySignature};</li>
 * <li>POLLING: nothing to push, DELIVERED at once.</li>
 * </ul>
 * State per reply in {@code reply_routing} (PENDING, DELIVERED, PARKED). Delivery is
 * at-least-once: a message redelivered after a crash may send a notice again, and the branch
 * deduplicates by reply id. The reply is readable by polling and the case API whatever happens here.
 */
public class ReplyRouter {

    private static final Logger log = LoggerFactory.getLogger(ReplyRouter.class);
    /** JMS property with the reply's id on {@code branch.<code>.replies}. */
    public static final String REPLY_ID = "replyId";
    /** JMS property with the base64 detached signature over the message text's UTF-8 bytes. */
    public static final String SIGNATURE = BranchChannels.SIGNATURE;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ParticipantsDirectory directory;
    private final ReplyNotices notices;
    private final BranchChannels channels;
    private final WebhookProperties properties;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    public ReplyRouter(JdbcTemplate jdbc, TransactionTemplate tx, ParticipantsDirectory directory, ReplyNotices notices,
                       BranchChannels channels, WebhookProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.directory = directory;
        this.notices = notices;
        this.channels = channels;
        this.properties = properties;
        this.audit = audit;
    }

    /** @param body the delivery id, as the outbox relay sends it */
    public void route(String body) {
        long deliveryId = Long.parseLong(body.trim());
        List<ReplyNotice> replies = notices.forDelivery(deliveryId);
        if (replies.isEmpty()) {
            log.warn("delivery {}: no reply to route", deliveryId);
        }
        for (ReplyNotice notice : replies) {
            routeOne(notice);
        }
    }

    private void routeOne(ReplyNotice notice) {
        Instant now = clock.instant();
        Routing routing = routing(notice);
        if (routing != null && !"PENDING".equals(routing.state())) {
            return; // delivered or parked already: a redelivered message
        }
        if (routing != null && routing.nextAttemptAt() != null && routing.nextAttemptAt().isAfter(now)) {
            return; // an earlier message; the deferred one comes at next_attempt_at
        }
        Participant branch = directory.find(notice.branch()).orElse(null);
        if (branch == null || !branch.isBranch()) {
            failed(routing, notice, "branch " + notice.branch() + " is not in the directory", now);
            return;
        }
        try {
            Pushed pushed = channels.push(branch, new Notice(ReplyNotices.KIND, notice.replyId(), notice.replyId(),
                    notices.toJson(notice)));
            delivered(routing, notice, pushed.transport(), pushed.target(), pushed.detail(), now);
        } catch (NotDelivered e) {
            failed(routing, notice, e.getMessage(), now);
        }
    }

    private static final String SELECT_ROUTING = "SELECT id, state, next_attempt_at, first_attempt_at FROM reply_routing"
            + " WHERE bank = ? AND reply_id = ?";

    /** The reply's routing row; null on first sight (it is written with the first attempt's outcome). */
    private Routing routing(ReplyNotice notice) {
        return jdbc.query(SELECT_ROUTING, (rs, i) -> new Routing(rs.getLong(1), rs.getString(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()),
                notice.bank(), notice.replyId()).stream().findFirst().orElse(null);
    }

    /**
     * The routing row of a reply seen for the first time, PENDING, first attempt {@code now}; in
     * the caller's transaction. A row another consumer made meanwhile is read instead.
     */
    private Routing pending(ReplyNotice notice, Instant now) {
        Participant branch = directory.find(notice.branch()).orElse(null);
        // ON CONFLICT: a row another consumer made meanwhile must not fail this transaction
        jdbc.update("INSERT INTO reply_routing (bank, reply_id, delivery_id, branch, transport, state, first_attempt_at,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT DO NOTHING", notice.bank(),
                notice.replyId(), notice.deliveryId(), notice.branch(), branch == null ? "UNKNOWN" : branch.transport().name(),
                Timestamp.from(now), Timestamp.from(now));
        return routing(notice);
    }

    private record Routing(long id, String state, Instant nextAttemptAt, Instant firstAttemptAt) { }

    /**
     * The first attempt succeeded: its routing row is written DELIVERED in one transaction (a
     * PENDING row written before the push cost a commit of its own on every reply, issue #7);
     * after earlier failed attempts, the PENDING row becomes DELIVERED.
     */
    private void delivered(Routing routing, ReplyNotice notice, String transport, String target, String detail,
                           Instant now) {
        tx.executeWithoutResult(status -> {
            int n = 0;
            if (routing == null) {
                // ON CONFLICT: another consumer's attempt wrote the row first; it is settled below
                n = jdbc.update("INSERT INTO reply_routing (bank, reply_id, delivery_id, branch, transport, target, state,"
                                + " attempts, first_attempt_at, delivered_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'DELIVERED', 1, ?, ?, ?) ON CONFLICT DO NOTHING", notice.bank(),
                        notice.replyId(), notice.deliveryId(), notice.branch(), transport, target, Timestamp.from(now),
                        Timestamp.from(now), Timestamp.from(now));
            }
            if (n == 0) {
                Routing current = routing != null ? routing : routing(notice);
                n = jdbc.update("UPDATE reply_routing SET state = 'DELIVERED', transport = ?, target = ?, attempts = attempts + 1,"
                                + " delivered_at = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'PENDING'",
                        transport, target, Timestamp.from(now), Timestamp.from(now), current.id());
            }
            if (n == 1) {
                audit.recordInTransaction("gateway", "reply-routed", notice.orderId().toString(), null, null,
                        "reply " + notice.replyId() + " of " + notice.bank() + " to branch " + notice.branch() + ": " + detail);
            }
        });
        log.info("reply {} of {} routed to branch {}: {}", notice.replyId(), notice.bank(), notice.branch(), detail);
    }

    /**
     * Whether a reply to {@code branch} is routed as it is stored ({@link #routedAsStored}) rather
     * than through {@code gateway.route.reply}: a POLLING branch, which has nothing pushed to it.
     */
    public boolean routesAsStored(String branch) {
        return directory.find(branch).filter(Participant::isBranch)
                .map(p -> p.transport() == Transport.POLLING).orElse(false);
    }

    /**
     * A reply to a POLLING branch, routed in the transaction that stores it (ReplyIntake calls this
     * in its own): there is nothing to push — the branch reads the reply by polling as soon as it
     * is committed — so its routing row is written DELIVERED there with the same audit entry as
     * {@link #route} writes, and no message goes through {@code gateway.route.reply}: a broker
     * message, two look-ups and a commit fewer per reply (issue #7).
     */
    public void routedAsStored(String bank, String replyId, long deliveryId, String branch, UUID orderId,
                               Instant now) {
        Pushed polled = BranchChannels.POLLED;
        int n = jdbc.update("INSERT INTO reply_routing (bank, reply_id, delivery_id, branch, transport, target, state,"
                        + " attempts, first_attempt_at, delivered_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'DELIVERED', 1, ?, ?, ?) ON CONFLICT DO NOTHING", bank, replyId,
                deliveryId, branch, polled.transport(), polled.target(), Timestamp.from(now), Timestamp.from(now),
                Timestamp.from(now));
        if (n == 1) {
            audit.recordInTransaction("gateway", "reply-routed", orderId.toString(), null, null,
                    "reply " + replyId + " of " + bank + " to branch " + branch + ": " + polled.detail());
        }
    }

    private void failed(Routing known, ReplyNotice notice, String error, Instant now) {
        String cut = error.length() > 500 ? error.substring(0, 500) : error;
        boolean[] parked = new boolean[1];
        tx.executeWithoutResult(status -> {
            Routing routing = known != null ? known : pending(notice, now);
            if (!"PENDING".equals(routing.state())) {
                return; // settled by another consumer meanwhile
            }
            long id = routing.id();
            boolean park = !now.isBefore(routing.firstAttemptAt().plus(properties.retryFor()));
            parked[0] = park;
            if (park) {
                int n = jdbc.update("UPDATE reply_routing SET state = 'PARKED', attempts = attempts + 1, last_error = ?,"
                        + " next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'PENDING'", cut, Timestamp.from(now), id);
                if (n == 1) {
                    audit.recordInTransaction("gateway", "reply-routing-parked", notice.orderId().toString(), null, null,
                            "reply " + notice.replyId() + " of " + notice.bank() + " to branch " + notice.branch()
                                    + " parked after " + properties.retryFor() + ": " + cut);
                }
                return;
            }
            int attempts = jdbc.queryForObject("SELECT attempts FROM reply_routing WHERE id = ?", Integer.class, id) + 1;
            Instant next = now.plus(backoff(attempts));
            int n = jdbc.update("UPDATE reply_routing SET attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ?"
                    + " WHERE id = ? AND state = 'PENDING'", attempts, cut, Timestamp.from(next), Timestamp.from(now), id);
            if (n == 1) {
                jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at, not_before) VALUES (?, ?, ?, ?)",
                        ReplyIntake.ROUTE_REPLY, notice.deliveryId(), Timestamp.from(now), Timestamp.from(next));
            }
        });
        log.warn("reply {} of {} to branch {}: {} ({})", notice.replyId(), notice.bank(), notice.branch(),
                parked[0] ? "parked" : "retried later", cut);
    }

    /** Doubling from the initial backoff, capped, with up to {@code jitter} of it added. */
    Duration backoff(int attempts) {
        return properties.backoff(attempts);
    }
}
