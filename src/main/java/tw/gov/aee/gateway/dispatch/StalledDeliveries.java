package tw.gov.aee.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * The database, not the broker, is the record of what the gateway owes (DESIGN §9 "Durable means
 * durable"): a delivery that is still on its way — ACCEPTED (to be signed), SIGNED (to be handed
 * to its transport) or, for PUSH, DISPATCHED (to be called) — must always have a message on its
 * way too. If none is (the crash-safety test once left a delivery SIGNED after a kill, with no
 * message left in any queue and no outbox row), this puts one back through the outbox, so the
 * worst a lost message costs is a delay, never a lost delivery.
 *
 * <p>A delivery counts as stalled when nothing happened to it for {@code gateway.dispatch.stalled-after}
 * (longer than the broker's longest redelivery backoff, so a delivery that is merely waiting for
 * its next retry is left alone) and it has no unpublished outbox row (a circuit breaker's
 * deferral is one). Deliveries that wait by design are never touched: PULL ones sit in the
 * mailbox, BROKER and FILE ones await their recipient's receipt once DISPATCHED, held ones wait
 * for their predecessor. Every stage checks the delivery's state first, so a second message for
 * one whose first turns up after all does nothing twice. Each resumption is audited
 * ({@code delivery-resumed}), logged and counted ({@code gateway.delivery.resumed}); every node
 * may run it (the claim is a conditional UPDATE). Run by route {@code resume-stalled-deliveries}.
 *
 * <p>A delivery that has simply waited that long in a queue is not stalled: behind a backlog (a
 * morning's orders, a gateway restarted after an outage) its message is still on its way, and
 * resuming it would only put a second message behind the first, for every delivery in the
 * backlog. So before resuming, the sweep looks in each stage queue for the candidates' messages
 * ({@link QueuedDeliveries}: the relay tags each with {@link OutboxRelay#DELIVERY_ID}; one look per
 * queue per sweep, only when there are candidates) and leaves those it finds; they are looked at
 * again at the next sweep. Counted as {@code gateway.delivery.stalled.queued}.
 */
@Component
public class StalledDeliveries {

    private static final Logger log = LoggerFactory.getLogger(StalledDeliveries.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final DeliveryStore store;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final DispatchProperties dispatch;
    private final Duration stalledAfter;
    private final QueuedDeliveries queued;
    private final Clock clock;

    @Autowired
    public StalledDeliveries(JdbcTemplate jdbc, DeliveryStore store, AuditLog audit, TransactionTemplate tx,
                             MeterRegistry meters, @Value("${gateway.dispatch.stalled-after:15m}") Duration stalledAfter,
                             RedeliveryProperties redelivery, DispatchProperties dispatch, QueuedDeliveries queued) {
        this(jdbc, store, audit, tx, meters, stalledAfter, redelivery, dispatch, queued, Clock.systemUTC());
    }

    StalledDeliveries(JdbcTemplate jdbc, DeliveryStore store, AuditLog audit, TransactionTemplate tx, MeterRegistry meters,
                      Duration stalledAfter, RedeliveryProperties redelivery, DispatchProperties dispatch,
                      QueuedDeliveries queued, Clock clock) {
        Duration longestBackoff = Duration.ofMillis((long) (redelivery.maxDelay().toMillis() * (1 + redelivery.jitter())));
        if (stalledAfter.compareTo(longestBackoff) <= 0) {
            throw new IllegalArgumentException("gateway.dispatch.stalled-after (" + stalledAfter + ") must be longer than"
                    + " the longest redelivery backoff (" + longestBackoff + ", gateway.redelivery.max-delay with its"
                    + " jitter): a delivery waiting for its next retry is not stalled");
        }
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
        this.tx = tx;
        this.meters = meters;
        this.dispatch = dispatch;
        this.stalledAfter = stalledAfter;
        this.queued = queued;
        this.clock = clock;
    }

    /** Puts every stalled delivery back on its way. @return how many were resumed */
    public int resumeAll() {
        QueuedDeliveries.Look queues = queued.look(); // each stage queue read once per sweep
        int total = 0;
        long after = 0;
        while (true) {
            long from = after;
            Batch batch = Objects.requireNonNull(tx.execute(status -> resumeBatch(from, queues)));
            total += batch.resumed();
            if (!batch.more()) {
                return total;
            }
            after = batch.lastId(); // on past the ones still queued: they must not hide those behind them
        }
    }

    private Batch resumeBatch(long after, QueuedDeliveries.Look queues) {
        Instant now = clock.instant();
        Timestamp cutoff = Timestamp.from(now.minus(stalledAfter));
        // One look per state, each on the state index: with the three states OR-ed together the
        // planner read every delivery ever made, every minute (issue #7).
        List<Stalled> rows = new ArrayList<>(stalled(DeliveryState.ACCEPTED, "", cutoff, after));
        rows.addAll(stalled(DeliveryState.SIGNED, " AND d.transport <> 'PULL' AND d.held_for IS NULL", cutoff, after));
        rows.addAll(stalled(DeliveryState.DISPATCHED, " AND d.transport = 'PUSH'", cutoff, after));
        rows.sort(Comparator.comparingLong(Stalled::id));
        boolean more = rows.size() >= BATCH;
        if (rows.size() > BATCH) {
            rows = rows.subList(0, BATCH);
        }
        if (rows.isEmpty()) {
            return new Batch(0, after, false);
        }
        Map<Stalled, String> destinations = new LinkedHashMap<>();
        for (Stalled s : rows) {
            String destination = "ACCEPTED".equals(s.state()) ? DeliveryStore.SIGN
                    : dispatch.destinationOf(s.transport()).orElse(null);
            if (destination != null) {
                destinations.put(s, destination);
            }
        }
        Set<Long> waiting = stillQueued(destinations, queues);
        int resumed = 0;
        for (Map.Entry<Stalled, String> candidate : destinations.entrySet()) {
            Stalled s = candidate.getKey();
            String destination = candidate.getValue();
            if (waiting.contains(s.id())) {
                meters.counter("gateway.delivery.stalled.queued", "state", s.state()).increment();
                continue; // waiting in line behind a backlog, not stalled
            }
            // The claim: only one node (and one run) resumes it; the new updated_at restarts its clock.
            int claimed = jdbc.update("UPDATE delivery SET updated_at = ? WHERE id = ? AND state = ? AND updated_at < ?",
                    Timestamp.from(now), s.id(), s.state(), cutoff);
            if (claimed == 0) {
                continue;
            }
            store.enqueue(destination, s.id());
            audit.recordInTransaction("gateway", "delivery-resumed", s.documentId().toString(), null, null,
                    "delivery " + s.id() + " to " + s.recipient() + " was " + s.state() + " for over " + stalledAfter
                            + " with no message on its way; sent to " + destination + " again");
            meters.counter("gateway.delivery.resumed", "state", s.state()).increment();
            log.warn("delivery {} of document {} to {}: {} for over {} with no message on its way; resumed through {}",
                    s.id(), s.documentId(), s.recipient(), s.state(), stalledAfter, destination);
            resumed++;
        }
        return new Batch(resumed, rows.get(rows.size() - 1).id(), more);
    }

    /** Which of the candidates still have a message in their destination's queue (waiting, taken or scheduled). */
    private Set<Long> stillQueued(Map<Stalled, String> destinations, QueuedDeliveries.Look queues) {
        Map<String, List<Long>> byQueue = destinations.entrySet().stream().collect(Collectors.groupingBy(
                e -> dispatch.queues().get(e.getValue()), LinkedHashMap::new,
                Collectors.mapping(e -> e.getKey().id(), Collectors.toList())));
        Set<Long> found = new HashSet<>();
        byQueue.forEach((queue, ids) -> found.addAll(queues.in(queue, ids)));
        return found;
    }

    /** The oldest deliveries in {@code state} (and {@code condition}) untouched since {@code cutoff}, no message on the way. */
    private List<Stalled> stalled(DeliveryState state, String condition, Timestamp cutoff, long after) {
        return jdbc.query("SELECT d.id, d.document_id, d.state, d.transport, d.recipient FROM delivery d"
                        + " WHERE d.state = ?" + condition + " AND d.updated_at < ? AND d.id > ?"
                        + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.delivery_id = d.id AND o.published_at IS NULL)"
                        + " ORDER BY d.id FETCH FIRST " + BATCH + " ROWS ONLY",
                (rs, i) -> new Stalled(rs.getLong(1), (UUID) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)), state.name(), cutoff, after);
    }

    private record Stalled(long id, UUID documentId, String state, String transport, String recipient) { }

    /** What one batch did: how many it resumed, the last delivery it looked at, whether more may follow. */
    private record Batch(int resumed, long lastId, boolean more) { }
}
