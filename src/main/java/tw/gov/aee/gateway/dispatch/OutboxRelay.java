package tw.gov.aee.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;

/**
 * Moves outbox rows to the broker (DESIGN §9 "Durable means durable": a database change and the
 * message it causes are written in one transaction, then relayed). A batch of rows is sent in one
 * broker transaction (one durable commit, one journal sync, instead of a synchronous durable send
 * per message: issue #7) before the rows are marked; a crash in between sends them again, which
 * the consumers absorb because every stage checks the delivery's state first. Rows may name a time before which
 * they are not sent ({@code not_before}). Run by route {@code relay-outbox}.
 */
@Component
public class OutboxRelay {

    private static final int BATCH = 200;

    /** The message property naming the delivery a relayed message is for (a string: JMS selectors' IN takes strings). */
    public static final String DELIVERY_ID = "deliveryId";

    private final JdbcTemplate jdbc;
    private final JmsTemplate jms;
    private final Map<String, String> queues;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    public OutboxRelay(JdbcTemplate jdbc, ConnectionFactory broker, DispatchProperties properties, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.jms = new JmsTemplate(broker);
        jms.setSessionTransacted(true); // a local broker transaction per batch, committed above
        this.queues = properties.queues();
    }

    /** Relays batches until nothing is pending. @return how many messages were relayed */
    public int publishAll() {
        int total = 0;
        int n;
        do {
            n = Objects.requireNonNull(tx.execute(status -> publishBatch()));
            total += n;
        } while (n == BATCH);
        return total;
    }

    private int publishBatch() {
        // A row with a not_before in the future (a delivery deferred while its recipient's circuit
        // breaker is open) stays until a later sweep: the sweep is the retry, no consumer waits.
        List<Pending> rows = jdbc.query("SELECT id, destination, delivery_id FROM outbox WHERE published_at IS NULL"
                + " AND (not_before IS NULL OR not_before <= ?) ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY FOR UPDATE",
                (rs, i) -> new Pending(rs.getLong(1), rs.getString(2), rs.getLong(3)), Timestamp.from(clock.instant()));
        if (rows.isEmpty()) {
            return 0;
        }
        jms.execute(session -> {
            Map<String, MessageProducer> producers = new HashMap<>();
            try {
                for (Pending p : rows) {
                    String queue = queues.get(p.destination());
                    if (queue == null) {
                        throw new IllegalStateException("no queue configured for outbox destination " + p.destination());
                    }
                    MessageProducer producer = producers.get(queue);
                    if (producer == null) {
                        producer = session.createProducer(session.createQueue(queue));
                        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                        producers.put(queue, producer);
                    }
                    TextMessage message = session.createTextMessage(Long.toString(p.deliveryId()));
                    // Lets the stalled-delivery sweep see that this delivery's message is still queued.
                    message.setStringProperty(DELIVERY_ID, Long.toString(p.deliveryId()));
                    producer.send(message);
                }
                session.commit(); // all of the batch is on the broker, durably, or none of it
            } finally {
                for (MessageProducer producer : producers.values()) {
                    producer.close();
                }
            }
            return null;
        }, false);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.batchUpdate("UPDATE outbox SET published_at = ? WHERE id = ?",
                rows.stream().map(p -> new Object[] {now, p.id()}).toList());
        return rows.size();
    }

    private record Pending(long id, String destination, long deliveryId) { }
}
