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

/**
 * Push delivery: calls the recipient's SOAP endpoint from the directory with the stored envelope;
 * the SOAP response is the recipient's signed Receipt, which must be signed by that recipient and
 * name the exact envelope digest before the delivery counts as RECEIPTED (DESIGN §9 "Receipt").
 * A failed call or a receipt that does not hold up is recorded and rethrown, so the broker
 * redelivers with backoff; a receipt that says REJECTED is final. Idempotent under redelivery.
 * Each call goes through the recipient's circuit breaker ({@link RecipientBreakers}); while it is
 * open the delivery is deferred through the outbox instead of attempted.
 */
@Component
public class PushDispatcher {

    private static final Logger log = LoggerFactory.getLogger(PushDispatcher.class);
    private static final List<DeliveryState> DISPATCHABLE = List.of(DeliveryState.SIGNED, DeliveryState.DISPATCHED);

    private final DeliveryStore store;
    private final PushClient client;
    private final ReceiptVerifier receipts;
    private final ParticipantsDirectory directory;
    private final TransactionTemplate tx;
    private final RecipientBreakers breakers;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public PushDispatcher(DeliveryStore store, PushClient client, ReceiptVerifier receipts, ParticipantsDirectory directory,
                          TransactionTemplate tx, RecipientBreakers breakers, MeterRegistry meters) {
        this.breakers = breakers;
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
        DeliveryWork w = found.get();
        Participant recipient = directory.find(w.recipient()).orElseThrow();
        URI endpoint = recipient.endpoint();
        CircuitBreaker breaker = breakers.of(w.recipient());
        if (!breaker.tryAcquirePermission()) {
            defer(w, breaker);
            return;
        }
        byte[] receipt;
        long started = System.nanoTime();
        boolean settled = false;
        try {
            inTransaction(() -> store.transition(w.id(), w.documentId(), List.of(DeliveryState.SIGNED),
                    DeliveryState.DISPATCHED, clock.instant(), "push to " + endpoint, w.envelopeSha256()));
            receipt = client.deliver(endpoint, w.documentId().toString(), w.envelope());
            // The recipient answered: healthy as far as the breaker goes, whatever its receipt is worth.
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            settled = true;
        } catch (DeliveryException e) {
            // Not reachable, timed out or a fault: the recipient's health counts it; the broker retries.
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            settled = true;
            store.recordFailure(w.id(), e.error().code() + ": " + e.getMessage());
            throw e;
        } finally {
            if (!settled) {
                breaker.releasePermission(); // failed on our side (the database): says nothing about the recipient
            }
        }
        try {
            VerifiedReceipt r = receipts.verify(receipt, w.recipient(), w.documentId().toString(), w.envelopeSha256(),
                    clock.instant());
            inTransaction(() -> {
                store.storeReceipt(w.id(), r.signedReceipt(), r.receiptId(), r.accepted() ? "ACCEPTED" : "REJECTED",
                        r.receivedAt(), r.accepted() ? null : r.errorCode());
                store.transition(w.id(), w.documentId(), List.of(DeliveryState.DISPATCHED), DeliveryState.DELIVERED,
                        r.receivedAt(), "entered " + w.recipient() + "'s system", w.envelopeSha256());
                return store.transition(w.id(), w.documentId(), List.of(DeliveryState.DELIVERED),
                        r.accepted() ? DeliveryState.RECEIPTED : DeliveryState.REJECTED, clock.instant(),
                        r.accepted() ? "receipt " + r.receiptId() + " verified"
                                : "rejected by " + w.recipient() + ": " + r.errorCode() + " " + r.reason(), null);
            });
            log.info("delivery {} of document {} to {}: {}", w.id(), w.documentId(), w.recipient(),
                    r.accepted() ? "RECEIPTED" : "REJECTED " + r.errorCode());
        } catch (GatewayException e) {
            // Its receipt does not hold up: never RECEIPTED; the broker retries.
            store.recordFailure(w.id(), e.error().code() + ": " + e.getMessage());
            throw e;
        }
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
