package tw.gov.aee.gateway.dispatch;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;

/**
 * Broker delivery (DESIGN §9 "Broker addresses"): turns a delivery id from
 * {@code gateway.deliver.broker} into the message for the party's {@code .in} address — the stored
 * envelope as bytes, with {@code documentId} and {@code envelopeSha256} — which the
 * {@code deliver-broker} route sends in the consumer's own JMS transaction.
 *
 * <p>DISPATCHED is committed first: if the JMS commit then fails (or the process dies), the
 * broker redelivers the delivery id, the delivery is still DISPATCHED and the envelope is sent
 * again; the party deduplicates by document id. A delivery past DISPATCHED is left alone, so a
 * redelivered id after the receipt came back sends nothing. Headers matter here, hence the
 * {@link Exchange}.
 */
@Component
public class BrokerDispatcher {

    private static final Logger log = LoggerFactory.getLogger(BrokerDispatcher.class);
    private static final List<DeliveryState> DISPATCHABLE = List.of(DeliveryState.SIGNED, DeliveryState.DISPATCHED);
    /** JMS property naming the document the envelope carries. */
    public static final String DOCUMENT_ID = "documentId";
    /** JMS property with the lower-case hex SHA-256 of the envelope bytes. */
    public static final String ENVELOPE_SHA256 = "envelopeSha256";

    private final DeliveryStore store;
    private final ParticipantsDirectory directory;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    public BrokerDispatcher(DeliveryStore store, ParticipantsDirectory directory, TransactionTemplate tx) {
        this.store = store;
        this.directory = directory;
        this.tx = tx;
    }

    /**
     * Leaves the envelope as body and the destination in {@code CamelJmsDestinationName}, or no
     * destination at all when there is nothing (more) to send.
     */
    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String deliveryId = in.getBody(String.class);
        in.removeHeaders("*");
        Optional<DeliveryWork> found = store.work(Long.parseLong(deliveryId.trim()));
        if (found.isEmpty() || !DISPATCHABLE.contains(found.get().state())) {
            in.setBody(null);
            return; // done already (a redelivered message) or never existed
        }
        DeliveryWork w = found.get();
        Participant recipient = directory.find(w.recipient()).orElseThrow(() ->
                new IllegalStateException("delivery " + w.id() + ": " + w.recipient() + " is no longer in the directory"));
        String address = BrokerAddresses.in(recipient);
        boolean first = Boolean.TRUE.equals(tx.execute(status -> store.transition(w.id(), w.documentId(),
                List.of(DeliveryState.SIGNED), DeliveryState.DISPATCHED, clock.instant(), "sent to " + address,
                w.envelopeSha256())));
        in.setBody(w.envelope());
        in.setHeader(DOCUMENT_ID, w.documentId().toString());
        in.setHeader(ENVELOPE_SHA256, w.envelopeSha256());
        in.setHeader(JmsConstants.JMS_DESTINATION_NAME, address);
        log.info("delivery {} of document {} to {}: {} {}", w.id(), w.documentId(), w.recipient(),
                first ? "sending to" : "sending again to", address);
    }
}
