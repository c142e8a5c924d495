package tw.gov.aee.gateway.deadlines;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.deadlines.OverdueNotices.OverdueNotice;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.replies.BranchChannels;
import tw.gov.aee.gateway.replies.BranchChannels.NotDelivered;
import tw.gov.aee.gateway.replies.BranchChannels.Pushed;
import tw.gov.aee.gateway.replies.WebhookProperties;

/**
 * Route {@code route-overdue-notice}: takes the id of a delivery that turned OVERDUE from
 * {@code gateway.route.overdue} and brings its {@link OverdueNotice} to the order's branch exactly
 * as replies are brought ({@link BranchChannels}; {@code replies.ReplyRouter}): a WEBHOOK that
 * fails is tried again through the outbox ({@code not_before}, {@link WebhookProperties#backoff})
 * until {@code gateway.webhook.retry-for} has passed since the first attempt, then PARKED for an
 * operator ({@code /api/ops/overdue-notices}); BROKER and POLLING are DELIVERED at once. State in
 * {@code overdue_notice}. At-least-once: the branch deduplicates by notice id.
 */
@Component
public class OverdueNoticeRouter {

    private static final Logger log = LoggerFactory.getLogger(OverdueNoticeRouter.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ParticipantsDirectory directory;
    private final OverdueNotices notices;
    private final BranchChannels channels;
    private final WebhookProperties properties;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    public OverdueNoticeRouter(JdbcTemplate jdbc, TransactionTemplate tx, ParticipantsDirectory directory,
                               OverdueNotices notices, BranchChannels channels, WebhookProperties properties, AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.directory = directory;
        this.notices = notices;
        this.channels = channels;
        this.properties = properties;
        this.audit = audit;
    }

    private record Routing(long id, String state, Instant nextAttemptAt, Instant firstAttemptAt) { }

    /** @param body the overdue delivery's id, as the outbox relay sends it */
    public void route(String body) {
        long deliveryId = Long.parseLong(body.trim());
        Optional<OverdueNotice> found = notices.forDelivery(deliveryId);
        List<Routing> rows = jdbc.query("SELECT id, state, next_attempt_at, first_attempt_at FROM overdue_notice"
                + " WHERE delivery_id = ?", (rs, i) -> new Routing(rs.getLong(1), rs.getString(2), instant(rs.getTimestamp(3)),
                instant(rs.getTimestamp(4))), deliveryId);
        if (found.isEmpty() || rows.isEmpty()) {
            log.warn("delivery {}: no overdue notice to route", deliveryId);
            return;
        }
        OverdueNotice notice = found.get();
        Routing routing = rows.get(0);
        Instant now = clock.instant();
        if (!"PENDING".equals(routing.state())) {
            return; // delivered or parked already: a redelivered message
        }
        if (routing.nextAttemptAt() != null && routing.nextAttemptAt().isAfter(now)) {
            return; // an earlier message; the deferred one comes at next_attempt_at
        }
        Instant firstAttempt = routing.firstAttemptAt() == null ? now : routing.firstAttemptAt();
        Participant branch = directory.find(notice.branch()).orElse(null);
        if (branch == null || !branch.isBranch()) {
            failed(routing.id(), notice, firstAttempt, null, "branch " + notice.branch() + " is not in the directory", now);
            return;
        }
        try {
            Pushed pushed = channels.push(branch, new BranchChannels.Notice(OverdueNotices.KIND, notice.noticeId(), null,
                    notices.toJson(notice)));
            delivered(routing.id(), notice, firstAttempt, pushed, now);
        } catch (NotDelivered e) {
            failed(routing.id(), notice, firstAttempt, branch.transport().name(), e.getMessage(), now);
        }
    }

    private void delivered(long id, OverdueNotice notice, Instant firstAttempt, Pushed pushed, Instant now) {
        tx.executeWithoutResult(status -> {
            int n = jdbc.update("UPDATE overdue_notice SET state = 'DELIVERED', transport = ?, target = ?, attempts = attempts + 1,"
                            + " first_attempt_at = ?, delivered_at = ?, next_attempt_at = NULL, updated_at = ?"
                            + " WHERE id = ? AND state = 'PENDING'", pushed.transport(), pushed.target(),
                    Timestamp.from(firstAttempt), Timestamp.from(now), Timestamp.from(now), id);
            if (n == 1) {
                audit.recordInTransaction("gateway", "overdue-notice-routed", notice.orderId().toString(), null, null,
                        describe(notice) + ": " + pushed.detail());
            }
        });
        log.info("{}: {}", describe(notice), pushed.detail());
    }

    private void failed(long id, OverdueNotice notice, Instant firstAttempt, String transport, String error, Instant now) {
        String cut = error.length() > 500 ? error.substring(0, 500) : error;
        boolean park = !now.isBefore(firstAttempt.plus(properties.retryFor()));
        tx.executeWithoutResult(status -> {
            if (park) {
                int n = jdbc.update("UPDATE overdue_notice SET state = 'PARKED', transport = COALESCE(?, transport),"
                                + " attempts = attempts + 1, last_error = ?, first_attempt_at = ?, next_attempt_at = NULL,"
                                + " updated_at = ? WHERE id = ? AND state = 'PENDING'", transport, cut,
                        Timestamp.from(firstAttempt), Timestamp.from(now), id);
                if (n == 1) {
                    audit.recordInTransaction("gateway", "overdue-notice-parked", notice.orderId().toString(), null, null,
                            describe(notice) + " parked after " + properties.retryFor() + ": " + cut);
                }
                return;
            }
            int attempts = jdbc.queryForObject("SELECT attempts FROM overdue_notice WHERE id = ?", Integer.class, id) + 1;
            Instant next = now.plus(properties.backoff(attempts));
            int n = jdbc.update("UPDATE overdue_notice SET transport = COALESCE(?, transport), attempts = ?, last_error = ?,"
                            + " first_attempt_at = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'PENDING'",
                    transport, attempts, cut, Timestamp.from(firstAttempt), Timestamp.from(next), Timestamp.from(now), id);
            if (n == 1) {
                jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at, not_before) VALUES (?, ?, ?, ?)",
                        OverdueNotices.ROUTE, notice.deliveryId(), Timestamp.from(now), Timestamp.from(next));
            }
        });
        log.warn("{}: {} ({})", describe(notice), park ? "parked" : "retried later", cut);
    }

    private static String describe(OverdueNotice n) {
        return "overdue notice " + n.noticeId() + " (order " + n.orderId() + ", bank " + n.bank() + ") to branch " + n.branch();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
