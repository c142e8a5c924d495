package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.number;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.order;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.simulator.SimulatedParties;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * A message lost inside the broker costs a delay, never a delivery: with the real broker, database,
 * outbox relay and simulated bank, a delivery's push message is removed from its queue (as the
 * crash-safety test once saw happen across a kill). A collection order (it follows a seizure order,
 * so intake does not seal it) loses it before the delivery was sealed and again after, so it sits
 * ACCEPTED, then SIGNED, with nothing on its way; a seizure order, sealed as it was accepted, loses
 * it once, SIGNED. Each time the stalled-delivery sweep — run with its clock past
 * {@code stalled-after} — puts it back through the outbox: the bank gets it once, each resumption
 * is audited, a further sweep does nothing.
 */
@GatewayIntegrationTest
class StalledDeliveriesIT {

    @LocalServerPort
    int port;
    @Autowired
    SimulatedParties parties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    EmbeddedActiveMQ broker;
    @Autowired
    DeliveryStore store;
    @Autowired
    AuditLog audit;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RedeliveryProperties redelivery;
    @Autowired
    DispatchProperties dispatch;
    @Autowired
    QueuedDeliveries queued;
    @Autowired
    ConnectionFactory connections;

    @AfterEach
    void pushRunsAgain() throws Exception {
        camel.getRouteController().startRoute("deliver-push");
    }

    @Test
    void aDeliveryWhoseMessageWasLostBeforeAndAgainAfterSealingIsResumedEachTimeAndArrivesOnce() throws Exception {
        camel.getRouteController().stopRoute("deliver-push");
        // A collection order follows a seizure order (here one the gateway does not know, so the
        // legal-order gate lets it go): not sealed on acceptance, its PUSH deliveries go to the
        // push stage unsealed.
        String collection = Files.readString(Path.of("schemas/examples/valid/enforcement-order-collection.xml"))
                .replace("1100318827X", number('X')).replace("1100295393A", number('A'))
                .replaceAll("<documentId>[^<]*</documentId>", "");
        UUID id = submit(collection);
        Queue push = broker.getActiveMQServer().locateQueue(SimpleString.of("gateway.deliver.push"));
        int deliveries = pushDeliveries(id);

        // The first loss: their messages are gone from the push queue before it sealed them;
        // nothing else would ever send them.
        await().atMost(Duration.ofSeconds(30)).until(() -> push.getMessageCount() >= deliveries);
        assertThat(state(id)).isEqualTo("ACCEPTED");
        push.deleteAllReferences();
        StalledDeliveries sweep = sweepAt(Duration.ofMinutes(16));
        assertThat(sweep.resumeAll()).isGreaterThanOrEqualTo(deliveries);

        // Resumed through the signing stage, which seals them and passes them on to the push
        // queue; the second loss: gone again, now SIGNED.
        await().atMost(Duration.ofSeconds(30)).until(() -> "SIGNED".equals(state(id)));
        loseQueuedPushesThenRestart(push, id, deliveries);

        StalledDeliveries later = sweepAt(Duration.ofMinutes(32));
        assertThat(later.resumeAll()).isGreaterThanOrEqualTo(deliveries);
        arrivesOnce(id, deliveries);
        assertThat(resumedEntries(id)).isEqualTo(2 * deliveries);

        // Received now, and claimed by the last sweep anyway: another sweep leaves them alone.
        later.resumeAll();
        assertThat(resumedEntries(id)).isEqualTo(2 * deliveries);
    }

    @Test
    void anOrderSealedOnAcceptanceWhosePushMessageWasLostIsResumedAndArrivesOnce() throws Exception {
        camel.getRouteController().stopRoute("deliver-push");
        UUID id = submit(order(number('A'), "004"));
        Queue push = broker.getActiveMQServer().locateQueue(SimpleString.of("gateway.deliver.push"));
        int deliveries = pushDeliveries(id);

        // Sealed by intake: SIGNED from the start, its messages straight to the push queue. Lost there.
        assertThat(state(id)).isEqualTo("SIGNED");
        loseQueuedPushesThenRestart(push, id, deliveries);

        StalledDeliveries sweep = sweepAt(Duration.ofMinutes(16));
        assertThat(sweep.resumeAll()).isGreaterThanOrEqualTo(deliveries);
        arrivesOnce(id, deliveries);
        assertThat(resumedEntries(id)).isEqualTo(deliveries);
        sweep.resumeAll();
        assertThat(resumedEntries(id)).isEqualTo(deliveries);
    }

    @Test
    void aDeliveryWaitingInLineBehindABacklogIsNotResumed() throws Exception {
        // The push stage is down for longer than stalled-after (here: the sweep's clock is 16 min
        // ahead): its messages wait in the queue, so these deliveries are late, not stalled.
        Queued order = anOrderQueuedForAStoppedPushStage();
        UUID id = order.id();
        Queue push = order.push();
        int deliveries = order.deliveries();
        long queuedBefore = push.getMessageCount();
        double skippedBefore = meters.counter("gateway.delivery.stalled.queued", "state", "SIGNED").count();

        StalledDeliveries sweep = sweepAt(Duration.ofMinutes(16));
        sweep.resumeAll();
        assertThat(resumedEntries(id)).as("nothing resumed while its messages are queued").isZero();
        assertThat(push.getMessageCount()).as("no second message behind the first").isEqualTo(queuedBefore);
        assertThat(meters.counter("gateway.delivery.stalled.queued", "state", "SIGNED").count() - skippedBefore)
                .isGreaterThanOrEqualTo(deliveries);

        // The stage comes back: each delivery arrives once, from its first message.
        camel.getRouteController().startRoute("deliver-push");
        arrivesOnce(id, deliveries);
        sweep.resumeAll();
        assertThat(resumedEntries(id)).isZero();
    }

    @Test
    void aDeliveryWhoseMessageAConsumerHasTakenButNotFinishedIsNotResumed() throws Exception {
        // Messages a consumer has taken (into its buffer, or being processed) are no longer
        // "in the queue" for a JMS browser, but they are on their way all the same.
        Queued order = anOrderQueuedForAStoppedPushStage();
        UUID id = order.id();
        int deliveries = order.deliveries();
        // The broker's own connection factory: the application's caches connections and sessions,
        // so closing one would not give the messages back.
        ConnectionFactory direct = ((org.springframework.jms.connection.CachingConnectionFactory) connections)
                .getTargetConnectionFactory();
        try (jakarta.jms.Connection c = direct.createConnection()) {
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.CLIENT_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue("gateway.deliver.push"));
            c.start();
            int taken = 0;
            while (consumer.receive(2_000) != null) {
                taken++;
            }
            assertThat(taken).isGreaterThanOrEqualTo(deliveries);
            assertThat(order.push().getDeliveringCount()).as("taken, not acknowledged").isGreaterThanOrEqualTo(deliveries);

            sweepAt(Duration.ofMinutes(16)).resumeAll();
            assertThat(resumedEntries(id)).as("nothing resumed while a consumer holds its messages").isZero();
        } // closed unacknowledged: the messages go back to the queue
        camel.getRouteController().startRoute("deliver-push");
        arrivesOnce(id, deliveries);
        assertThat(resumedEntries(id)).isZero();
    }

    /** A seizure order to bank 004, sealed on acceptance, its push messages queued while the push stage is stopped. */
    private Queued anOrderQueuedForAStoppedPushStage() throws Exception {
        camel.getRouteController().stopRoute("deliver-push");
        UUID id = submit(order(number('A'), "004"));
        Queue push = broker.getActiveMQServer().locateQueue(SimpleString.of("gateway.deliver.push"));
        int deliveries = pushDeliveries(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> push.getMessageCount() >= deliveries);
        return new Queued(id, push, deliveries);
    }

    private record Queued(UUID id, Queue push, int deliveries) { }

    /** The SIGNED deliveries' push messages are lost from the queue; the push stage runs again and finds nothing. */
    private void loseQueuedPushesThenRestart(Queue push, UUID id, int deliveries) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> push.getMessageCount() >= deliveries);
        push.deleteAllReferences();
        camel.getRouteController().startRoute("deliver-push");
        Thread.sleep(2_000);
        assertThat(state(id)).as("nothing on its way").isEqualTo("SIGNED");
    }

    private UUID submit(String xml) throws Exception {
        HttpResponse<String> r = PartyClient.as("TPE", port).post("/api/v1/documents", "application/xml", xml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    private int pushDeliveries(UUID id) {
        int deliveries = jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ? AND transport = 'PUSH'",
                Integer.class, id)).isEqualTo(deliveries);
        return deliveries;
    }

    private StalledDeliveries sweepAt(Duration ahead) {
        return new StalledDeliveries(jdbc, store, audit, tx, meters, Duration.ofMinutes(15), redelivery, dispatch,
                queued, Clock.offset(Clock.systemUTC(), ahead));
    }

    private void arrivesOnce(UUID id, int deliveries) {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM delivery WHERE document_id = ? AND state = 'RECEIPTED'", Integer.class, id) == deliveries);
        assertThat(parties.processedDocumentIds("004").stream().filter(id.toString()::equals)).hasSize(1);
    }

    @Test
    void aStalledAfterShorterThanTheLongestRetryBackoffIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StalledDeliveries(jdbc, store, audit, tx, meters,
                        redelivery.maxDelay(), redelivery, dispatch, queued, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stalled-after");
    }

    private int resumedEntries(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE document_id = ? AND action = 'delivery-resumed'",
                Integer.class, id.toString());
    }

    private String state(UUID id) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = '004'", String.class, id);
    }
}
