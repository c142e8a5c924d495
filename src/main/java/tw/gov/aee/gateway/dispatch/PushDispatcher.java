package tw.gov.aee.gateway.dispatch;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final Clock clock = Clock.systemUTC();

    public PushDispatcher(DeliveryStore store, PushClient client, ReceiptVerifier receipts, ParticipantsDirectory directory,
                          TransactionTemplate tx) {
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
        inTransaction(() -> store.transition(w.id(), w.documentId(), List.of(DeliveryState.SIGNED), DeliveryState.DISPATCHED,
                clock.instant(), "push to " + endpoint, w.envelopeSha256()));
        try {
            byte[] receipt = client.deliver(endpoint, w.documentId().toString(), w.envelope());
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
            // Not reachable, or its receipt does not hold up: never RECEIPTED; the broker retries.
            store.recordFailure(w.id(), e.error().code() + ": " + e.getMessage());
            throw e;
        }
    }

    private void inTransaction(java.util.function.Supplier<Boolean> work) {
        tx.execute(status -> work.get());
    }

}
