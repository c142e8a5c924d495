package tw.gov.aee.gateway.dispatch;

import java.util.Collection;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * Which deliveries still have a relayed message in a stage queue ({@link OutboxRelay#DELIVERY_ID}),
 * for the stalled-delivery sweep ({@link StalledDeliveries}).
 *
 * <p>With the embedded broker the queue is seen whole: the messages waiting, those a consumer has
 * taken into its buffer or is processing (Artemis lends a consumer up to a megabyte of messages
 * ahead, and a JMS browser does not see those), and those waiting for a redelivery. With an
 * external broker only a JMS browser is at hand, which sees the waiting ones only; a delivery
 * whose message sits in a consumer's buffer may then still be resumed, as before (a second
 * message the stages absorb).
 */
@Component
public class QueuedDeliveries {

    private final JmsTemplate jms;
    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public QueuedDeliveries(ConnectionFactory broker, ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.jms = new JmsTemplate(broker);
        this.embedded = embedded;
    }

    /** A look at the stage queues for one sweep: with the embedded broker each queue is read once. */
    public Look look() {
        return new Look();
    }

    /** See {@link #look()}; used by one thread. */
    public final class Look {

        private final Map<String, Set<Long>> read = new HashMap<>();

        private Look() {
        }

        /** Those of {@code ids} with a message in {@code queue}. */
        public Set<Long> in(String queue, Collection<Long> ids) {
            if (ids.isEmpty()) {
                return Set.of();
            }
            EmbeddedActiveMQ broker = embedded.getIfAvailable();
            if (broker == null || broker.getActiveMQServer() == null) {
                return browsed(queue, ids);
            }
            Set<Long> all = read.computeIfAbsent(queue, name -> everyDeliveryIn(broker, name));
            return ids.stream().filter(all::contains).collect(Collectors.toSet());
        }
    }

    private static Set<Long> everyDeliveryIn(EmbeddedActiveMQ broker, String name) {
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(name));
        Set<Long> found = new HashSet<>();
        if (queue == null) {
            return found;
        }
        Consumer<MessageReference> look = ref -> found.add(deliveryId(ref.getMessage().getStringProperty(OutboxRelay.DELIVERY_ID)));
        try (LinkedListIterator<MessageReference> waiting = queue.browserIterator()) {
            while (waiting.hasNext()) {
                look.accept(waiting.next());
            }
        }
        for (List<MessageReference> taken : queue.getDeliveringMessages().values()) {
            taken.forEach(look);
        }
        queue.getScheduledMessages().forEach(look);
        found.remove(-1L);
        return found;
    }

    private Set<Long> browsed(String queue, Collection<Long> ids) {
        String selector = OutboxRelay.DELIVERY_ID + " IN ("
                + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")";
        Set<Long> found = new HashSet<>();
        jms.browseSelected(queue, selector, (session, browser) -> {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                found.add(deliveryId((Message) messages.nextElement()));
            }
            return null;
        });
        found.remove(-1L);
        return found;
    }

    private static long deliveryId(Message message) throws JMSException {
        return deliveryId(message.getStringProperty(OutboxRelay.DELIVERY_ID));
    }

    private static long deliveryId(String property) {
        try {
            return property == null ? -1 : Long.parseLong(property.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
