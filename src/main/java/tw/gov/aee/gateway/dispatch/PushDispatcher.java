package tw.gov.aee.gateway.dispatch;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;
import tw.gov.aee.gateway.tracking.DeliveryStore.Step;

/**
 * Push delivery: calls the recipient's SOAP endpoint from the directory with the stored envelope;
 * the SOAP response is the recipient's signed Receipt, which must be signed by that recipient and
 * name the exact envelope digest before the delivery counts as RECEIPTED (DESIGN §9 "Receipt").
 * A failed call or a receipt that does not hold up is recorded and rethrown, so the broker
 * redelivers with backoff; a receipt that says REJECTED is final. Idempotent under redelivery.
 * Since the SOAP response is the receipt, the push is recorded with its answer, in one transaction
 * (DISPATCHED, DELIVERED, RECEIPTED: three history and audit entries, one commit); a failed push is
 * recorded as DISPATCHED with its error.
 * Most deliveries come here SIGNED: sealed on acceptance ({@code DocumentIntake}) or by the
 * signing stage (released by a predecessor, resumed, replayed). A new PUSH delivery of a document
 * with a predecessor (or one intake could not seal) comes straight from the outbox, unsealed, and
 * is sealed first ({@link EnvelopeSealer#seal(DeliveryWork)}, with the legal-order gate): one broker
 * hop fewer than through the signing stage.
 * Each call goes through the recipient's circuit breaker ({@link RecipientBreakers}); while it is
 * open the delivery is deferred through the outbox instead of attempted.
 */
@Component
public class PushDispatcher {

    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
    private static final List<DeliveryState> DISPATCHABLE = List.of(DeliveryState.ACCEPTED, DeliveryState.SIGNED,
            DeliveryState.DISPATCHED);

    private final DeliveryStore store;
    private final PushClient client;
    private final ReceiptVerifier receipts;
    private final ParticipantsDirectory directory;
    private final TransactionTemplate tx;
    private final RecipientBreakers breakers;
    private final EnvelopeSealer sealer;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public PushDispatcher(DeliveryStore store, PushClient client, ReceiptVerifier receipts, ParticipantsDirectory directory,
                          TransactionTemplate tx, RecipientBreakers breakers, MeterRegistry meters, EnvelopeSealer sealer) {
        this.breakers = breakers;
        this.sealer = sealer;
        this.meters = meters;
        this.store = store;
        this.client = client;
        this.receipts = receipts;
        this.directory = directory;
        this.tx = tx;
    }

    public void deliver(String deliveryId) {
        Optional<DeliveryWork> found = store.work(Long.parseLong(deliveryId));
        if (found.isEmpty() || !DISPATCHABLE.contains(found.get().state())) {
            return; // done already (a redelivered message) or never existed
        }
        if (found.get().state() == DeliveryState.ACCEPTED) {
            // Not sealed yet (new PUSH deliveries come here directly): seal it first, through the
            // legal-order gate; a delivery that must wait for its predecessor stops here.
            sealer.seal(found.get()).ifPresent(this::push);
        } else {
            push(found.get());
        }
    }

    private void push(DeliveryWork w) {
        Participant recipient = directory.find(w.recipient()).orElseThrow();
        URI endpoint = recipient.endpoint();
        CircuitBreaker breaker = breakers.of(w.recipient());
        if (!breaker.tryAcquirePermission()) {
            defer(w, breaker);
            return;
        }
        byte[] receipt;
        Instant dispatchedAt = clock.instant();
        long started = System.nanoTime();
        boolean settled = false;
        try {
            receipt = client.deliver(endpoint, w.documentId().toString(), w.envelope());
            // The recipient answered: healthy as far as the breaker goes, whatever its receipt is worth.
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            settled = true;
        } catch (DeliveryException e) {
            // Not reachable, timed out or a fault: the recipient's health counts it; the broker retries.
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            settled = true;
            failed(w, dispatchedAt, endpoint, e.error().code() + ": " + e.getMessage());
            throw e;
        } finally {
            if (!settled) {
                breaker.releasePermission(); // failed on our side: says nothing about the recipient
            }
        }
        try {
            VerifiedReceipt r = receipts.verify(receipt, w.recipient(), w.documentId().toString(), w.envelopeSha256(),
                    clock.instant());
            // The push and its answer recorded together: DISPATCHED (when the call began),
            // DELIVERED (when the recipient says it entered its system) and RECEIPTED or REJECTED.
            Boolean done = tx.execute(status -> store.settle(w.id(), w.documentId(),
                    new Step(DeliveryState.DISPATCHED, dispatchedAt, "push to " + endpoint, w.envelopeSha256()),
                    new Step(DeliveryState.DELIVERED, r.receivedAt(), "entered " + w.recipient() + "'s system",
                            w.envelopeSha256()),
                    r.settles(w.recipient(), clock.instant()), r.record()));
            if (!Boolean.TRUE.equals(done)) {
                keepLate(w, endpoint, dispatchedAt, r);
                return;
            }
            log.info("delivery {} of document {} to {}: {}", w.id(), w.documentId(), w.recipient(),
                    r.accepted() ? "RECEIPTED" : "REJECTED " + r.errorCode());
        } catch (GatewayException e) {
            // Its receipt does not hold up: never RECEIPTED; the broker retries.
            failed(w, dispatchedAt, endpoint, e.error().code() + ": " + e.getMessage());
            throw e;
        }
    }

    /**
     * A push that failed (no answer, or a receipt that does not hold up) is on record as
     * DISPATCHED, with the attempt counted and its error; the broker redelivers.
     */
    private void failed(DeliveryWork w, Instant dispatchedAt, URI endpoint, String error) {
        inTransaction(() -> store.transition(w.id(), w.documentId(), List.of(DeliveryState.SIGNED),
                DeliveryState.DISPATCHED, dispatchedAt, "push to " + endpoint, w.envelopeSha256()));
        store.recordFailure(w.id(), error);
    }

    /**
     * The delivery moved on while its push was answered: the recipient's reply overtook the
     * receipt (the receipt is still the evidence of delivery and is kept, DESIGN §9 "Receipt"),
     * or a redelivered message settled it first (nothing to do). The history entry names when the
     * push began: the delivery never passed DISPATCHED, so this is the only record of that time.
     */
    private void keepLate(DeliveryWork w, URI endpoint, Instant dispatchedAt, VerifiedReceipt r) {
        DeliveryState now = store.work(w.id()).map(DeliveryWork::state).orElse(null);
        Boolean kept = now == null ? Boolean.FALSE : tx.execute(status -> store.storeLateReceipt(w.id(), w.documentId(),
                now, r.record(),
                "receipt " + r.receiptId() + " of the push to " + endpoint + " begun at " + dispatchedAt
                        + " verified after the delivery became " + now + r.saysRejected()));
        log.info("delivery {} of document {} to {}: {} already; receipt {}", w.id(), w.documentId(), w.recipient(), now,
                Boolean.TRUE.equals(kept) ? "kept" : "not needed");
    }

    /**
     * The recipient's breaker is open: no call, and no failed attempt either. The delivery goes
     * back to the outbox, not to be relayed before the breaker lets calls through again, and this
     * message completes, so the consumer is free at once and a long outage never uses up the
     * delivery's broker redeliveries (they would park everything FAILED).
     */
    private void defer(DeliveryWork w, CircuitBreaker breaker) {
        Instant notBefore = clock.instant().plus(breakers.deferral());
        inTransaction(() -> {
            store.defer(DeliveryStore.DELIVER_PUSH, w.id(), notBefore, GatewayError.RECIPIENT_UNAVAILABLE.code()
                    + ": circuit breaker of " + w.recipient() + " is " + breaker.getState() + "; next try after " + notBefore);
            return true;
        });
        meters.counter("gateway.delivery.deferred", "recipient", w.recipient()).increment();
        log.debug("delivery {} to {} deferred until {}: circuit breaker {}", w.id(), w.recipient(), notBefore,
                breaker.getState());
    }

    private void inTransaction(java.util.function.Supplier<Boolean> work) {
        tx.execute(status -> work.get());
    }

}
