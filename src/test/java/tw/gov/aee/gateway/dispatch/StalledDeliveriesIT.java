package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.number;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.order;

import java.net.http.HttpResponse;
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
import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.simulator.SimulatedParties;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * A message lost inside the broker costs a delay, never a delivery: with the real broker, database,
 * outbox relay and simulated bank, a signed delivery's push message is removed from its queue (as
 * the crash-safety test once saw happen across a kill), the delivery sits SIGNED with nothing on
 * its way, and the stalled-delivery sweep — run with its clock past {@code stalled-after} — puts it
 * back through the outbox: the bank gets it once, the resumption is audited, a second sweep does
 * nothing.
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

    @AfterEach
    void pushRunsAgain() throws Exception {
        camel.getRouteController().startRoute("deliver-push");
    }

    @Test
    void aSignedDeliveryWhoseMessageWasLostIsResumedThroughTheOutboxAndArrivesOnce() throws Exception {
        camel.getRouteController().stopRoute("deliver-push");
        HttpResponse<String> r = PartyClient.as("TPE", port).post("/api/v1/documents", "application/xml",
                order(number('A'), "004"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        UUID id = UUID.fromString(PartyClient.json(r).get("id").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> "SIGNED".equals(state(id)));

        // The loss: the push message is gone from its queue; nothing else would ever send it.
        Queue push = broker.getActiveMQServer().locateQueue(SimpleString.of("gateway.deliver.push"));
        int pushed = jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ? AND transport = 'PUSH'",
                Integer.class, id);
        await().atMost(Duration.ofSeconds(30)).until(() -> push.getMessageCount() >= pushed);
        push.deleteAllReferences();
        camel.getRouteController().startRoute("deliver-push");
        Thread.sleep(2_000);
        assertThat(state(id)).as("nothing on its way").isEqualTo("SIGNED");

        StalledDeliveries sweep = new StalledDeliveries(jdbc, store, audit, tx, meters, Duration.ofMinutes(15), redelivery,
                dispatch, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)));
        // The order's bank and its agency copies all lost their messages; each is resumed once.
        int deliveries = jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ?", Integer.class, id);
        assertThat(sweep.resumeAll()).isGreaterThanOrEqualTo(deliveries);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM delivery WHERE document_id = ? AND state = 'RECEIPTED'", Integer.class, id) == deliveries);
        assertThat(parties.processedDocumentIds("004").stream().filter(id.toString()::equals)).hasSize(1);
        assertThat(resumedEntries(id)).isEqualTo(deliveries);

        // Received now, and claimed by the first sweep anyway: a second sweep leaves them alone.
        sweep.resumeAll();
        assertThat(resumedEntries(id)).isEqualTo(deliveries);
    }

    @Test
    void aStalledAfterShorterThanTheLongestRetryBackoffIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StalledDeliveries(jdbc, store, audit, tx, meters,
                        redelivery.maxDelay(), redelivery, dispatch, Clock.systemUTC()))
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
