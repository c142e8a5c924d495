package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.number;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.order;
import static tw.gov.aee.gateway.dispatch.OrdersOutIT.revocation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.ProcessedDocument;
import tw.gov.aee.gateway.simulator.SimulatedParties;

/**
 * One bank's outage against the real parts: the circuit breaker per recipient keeps the others
 * flowing and defers the dead bank's deliveries without using up their retries; and the legal
 * order gate keeps a revocation behind the order it revokes while that order is still retrying.
 */
@GatewayIntegrationTest
class ResilienceIT {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    SimulatedParties parties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    PartyClient tpe() {
        return PartyClient.as("TPE", port);
    }

    @AfterEach
    void everyoneBehaves() {
        for (String code : parties.codes()) {
            parties.behave(code, Behaviour.NORMAL);
        }
    }

    UUID submit(String xml) throws Exception {
        HttpResponse<String> r = tpe().post("/api/v1/documents", "application/xml", xml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    Map<String, String> states(UUID id) throws Exception {
        HttpResponse<String> r = tpe().get("/api/v1/documents/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> m = new TreeMap<>();
        for (JsonNode d : PartyClient.json(r).get("deliveries")) {
            m.put(d.get("recipient").asText(), d.get("state").asText());
        }
        return m;
    }

    String state(UUID id, String recipient) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = ?", String.class, id,
                recipient);
    }

    void awaitAllReceipted(List<UUID> ids) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (UUID id : ids) {
                Map<String, String> s = states(id);
                assertThat(s.values()).as(id + " " + s).containsOnly("RECEIPTED");
            }
        });
    }

    double breakerState(String recipient) {
        var gauge = meters.find("gateway.circuit.breaker.state").tag("recipient", recipient).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    double deferred(String recipient) {
        Counter c = meters.find("gateway.delivery.deferred").tag("recipient", recipient).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void whileOneBankIsDownTheOthersAreReceiptedAndOnceBackItGetsEverythingOnce() throws Exception {
        parties.behave("007", Behaviour.DOWN);
        double deferredBefore = deferred("007");
        List<UUID> to007 = new ArrayList<>();
        List<UUID> to004 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            to007.add(submit(order(number('A'), "007")));
            to004.add(submit(order(number('A'), "004")));
        }

        awaitAllReceipted(to004);
        for (UUID id : to007) {
            assertThat(state(id, "007")).isIn("SIGNED", "DISPATCHED");
        }
        // The breaker opens, and 007's deliveries are deferred again and again (each deferral a
        // fresh message), for longer than their broker redeliveries would have lasted.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> breakerState("007") == 1.0);
        assertThat(tw.gov.aee.gateway.operators.OperatorClient.as("ops-viewer", "sample-ops-viewer", port).get("/actuator/prometheus").body()).contains("gateway_circuit_breaker_state{recipient=\"007\"}");
        await().atMost(PATIENCE).until(() -> deferred("007") - deferredBefore >= 3 * to007.size());
        for (UUID id : to007) {
            assertThat(state(id, "007")).isIn("SIGNED", "DISPATCHED");
            // deferred, or (a half-open trial call) refused once more by the bank
            assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE document_id = ? AND recipient = '007'",
                    String.class, id)).matches("(recipient-unavailable|delivery-failed): .*");
        }

        parties.behave("007", Behaviour.NORMAL);
        awaitAllReceipted(to007);
        for (UUID id : to007) {
            assertThat(parties.processedDocumentIds("007").stream().filter(id.toString()::equals)).hasSize(1);
        }
        await().atMost(PATIENCE).until(() -> breakerState("007") == 0.0);
        List<UUID> all = new ArrayList<>(to007);
        all.addAll(to004);
        for (UUID id : all) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery WHERE document_id = ? AND state = 'FAILED'",
                    Integer.class, id)).isZero();
        }
    }

    @Test
    void aRevocationSubmittedWhileItsOrderIsRetryingReachesTheBankAfterTheOrder() throws Exception {
        parties.behave("008", Behaviour.DOWN);
        String orderNumber = number('A');
        UUID order = submit(order(orderNumber, "008"));
        UUID revocation = submit(revocation(number('K'), orderNumber, "008"));

        // The revocation is signed and waits; the order keeps being tried.
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT attempts FROM delivery WHERE document_id = ? AND recipient = '008'",
                    Integer.class, order)).isGreaterThanOrEqualTo(3);
            assertThat(state(revocation, "008")).isEqualTo("SIGNED");
            assertThat(jdbc.queryForObject("SELECT held_for FROM delivery WHERE document_id = ? AND recipient = '008'",
                    Long.class, revocation)).isNotNull();
        });
        List<String> history = jdbc.queryForList("SELECT e.detail FROM delivery_event e JOIN delivery d ON d.id ="
                + " e.delivery_id WHERE d.document_id = ? AND d.recipient = '008' ORDER BY e.id", String.class, revocation);
        assertThat(history).anyMatch(h -> h.startsWith("waiting for order " + orderNumber + " at 008"));
        assertThat(parties.processedDocumentIds("008")).doesNotContain(revocation.toString(), order.toString());

        parties.behave("008", Behaviour.NORMAL);
        awaitAllReceipted(List.of(order, revocation));
        List<ProcessedDocument> at008 = parties.processedDocuments("008");
        ProcessedDocument o = at008.stream().filter(p -> p.documentId().equals(order.toString())).findFirst().orElseThrow();
        ProcessedDocument r = at008.stream().filter(p -> p.documentId().equals(revocation.toString())).findFirst()
                .orElseThrow();
        assertThat(o.receivedAt()).isBefore(r.receivedAt());
        assertThat(at008.indexOf(o)).isLessThan(at008.indexOf(r));
        assertThat(jdbc.queryForList("SELECT e.detail FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ? AND d.recipient = '008'", String.class, revocation))
                .anyMatch(h -> h.startsWith("released: order " + orderNumber + " is RECEIPTED"));
    }

    @Test
    void aRevocationOfAnOrderTheGatewayNeverCarriedIsNotHeld() throws Exception {
        // a paper-era order: its number was never submitted here
        UUID revocation = submit(revocation(number('K'), "1059999999A", "004"));
        awaitAllReceipted(List.of(revocation));
        assertThat(jdbc.queryForList("SELECT e.detail FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ?", String.class, revocation)).noneMatch(h -> h.startsWith("waiting for order"));
        assertThat(parties.processedDocumentIds("004")).contains(revocation.toString());
    }
}
