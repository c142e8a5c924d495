package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SimulatedBrokerParties;

/**
 * Broker delivery end to end over the real parts: the gateway sends the envelope to
 * {@code bank.006.in} on its embedded broker, the simulated 006 consumes it from outside the JVM's
 * in-VM transport (Netty, TLS, its own broker user), processes it once and answers with its signed
 * receipt on {@code bank.006.out}, which the gateway verifies. And the broker's security: a
 * party's user reaches its own two addresses only.
 */
@GatewayIntegrationTest
class BrokerDeliveryIT {

    static final Duration PATIENCE = OrdersOutIT.PATIENCE;

    @LocalServerPort
    int port;
    @Autowired
    SimulatedBrokerParties brokerParties;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void everyoneBehaves() {
        for (String code : brokerParties.codes()) {
            brokerParties.behave(code, Behaviour.NORMAL);
        }
    }

    PartyClient tpe() {
        return PartyClient.as("TPE", port);
    }

    UUID submit(String xml) throws Exception {
        var r = tpe().post("/api/v1/documents", "application/xml", xml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    Map<String, JsonNode> deliveries(UUID id) throws Exception {
        var r = tpe().get("/api/v1/documents/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> m = new java.util.TreeMap<>();
        for (JsonNode d : PartyClient.json(r).get("deliveries")) {
            m.put(d.get("recipient").asText(), d);
        }
        return m;
    }

    void awaitAllReceipted(UUID id, int recipients) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, JsonNode> d = deliveries(id);
            assertThat(d).hasSize(recipients);
            assertThat(d.values()).allSatisfy(x -> assertThat(x.get("state").asText()).as(x.toString())
                    .isEqualTo("RECEIPTED"));
        });
    }

    static ActiveMQConnectionFactory partyConnectionFactory() {
        ActiveMQConnectionFactory f = SimulatedBrokerParties.connectionFactory(Path.of("certs-sample"), "sample-only".toCharArray(),
                "127.0.0.1", 61617, true);
        f.setReconnectAttempts(0);
        f.setConsumerWindowSize(0); // never take a message the simulated bank should get
        return f;
    }

    @Test
    void anOrderToBanks006And004ReachesEachByItsOwnTransportAndIsReceiptedAndProcessedOnceAt006() throws Exception {
        UUID id = submit(OrdersOutIT.order(OrdersOutIT.number('A'), "006", "004"));
        awaitAllReceipted(id, 4);

        JsonNode d006 = deliveries(id).get("006");
        List<String> history = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (JsonNode h : d006.get("history")) {
            history.add(h.get("state").asText());
            details.add(h.path("detail").asText());
        }
        assertThat(history).containsExactly("ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED", "RECEIPTED");
        assertThat(details).contains("sent to bank.006.in");
        assertThat(d006.get("receipt").get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(brokerParties.processedDocumentIds("006").stream().filter(id.toString()::equals)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT transport FROM delivery WHERE document_id = ? AND recipient = '006'",
                String.class, id)).isEqualTo("BROKER");
    }

    @Test
    void anExecutionCertificateReachesTheBrokerAgencyNtbnaOnItsAgencyAddress() throws Exception {
        String xml = Files.readString(Path.of("schemas/examples/valid/execution-certificate.xml"))
                .replace("1100412876C", OrdersOutIT.number('C')).replace("KHH", "TPE").replace("THBMV", "NTBNA")
                .replace("MOTOR_VEHICLE", "TAX");
        UUID id = submit(xml);
        awaitAllReceipted(id, 1);
        assertThat(deliveries(id)).containsOnlyKeys("NTBNA");
        assertThat(brokerParties.processedDocumentIds("NTBNA")).containsOnlyOnce(id.toString());
    }

    @Test
    void theSameReceiptSentAgainChangesNothing() throws Exception {
        UUID id = submit(OrdersOutIT.order(OrdersOutIT.number('A'), "006"));
        awaitAllReceipted(id, 3);
        byte[] receipt = jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '006'",
                byte[].class, id);
        int events = events(id);
        sendAs006("bank.006.out", receipt, id.toString());
        // a marker behind it on the same queue: once it was refused, the resend was handled before it
        sendAs006("bank.006.out", "marker".getBytes(), "not-a-document-id-" + id);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("SELECT count(*) FROM broker_receipt_refused"
                + " WHERE party = '006' AND error_code = 'malformed-input' AND receipt = ?", Integer.class,
                "marker".getBytes()) > 0);
        assertThat(events(id)).isEqualTo(events);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM broker_receipt_refused WHERE document_id = ?",
                Integer.class, id.toString())).isZero();
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = '006'",
                String.class, id)).isEqualTo("RECEIPTED");
    }

    int events(UUID id) {
        return jdbc.queryForObject("SELECT count(*) FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ? AND d.recipient = '006'", Integer.class, id);
    }

    void sendAs006(String address, byte[] body, String documentId) throws Exception {
        try (Connection c = partyConnectionFactory().createConnection("006", "sample-006")) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue(address));
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(body);
            m.setStringProperty("documentId", documentId);
            p.send(m);
            s.commit();
        }
    }

    @Test
    void aWronglySignedReceiptOnBank006OutIsKeptAndLeavesTheDeliveryNotReceipted() throws Exception {
        brokerParties.behave("006", Behaviour.WRONG_SIGNER);
        UUID id = submit(OrdersOutIT.order(OrdersOutIT.number('A'), "006"));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM broker_receipt_refused WHERE document_id = ?"
                    + " AND party = '006' AND error_code = 'unknown-signer' AND receipt IS NOT NULL", Integer.class,
                    id.toString())).isEqualTo(1);
        });
        Map<String, Object> row = jdbc.queryForMap("SELECT state, receipt, last_error FROM delivery WHERE document_id = ?"
                + " AND recipient = '006'", id);
        assertThat(row.get("state")).isEqualTo("DISPATCHED");
        assertThat(row.get("receipt")).isNull();
        assertThat((String) row.get("last_error")).startsWith("unknown-signer");
        assertThat(brokerParties.processedDocumentIds("006")).contains(id.toString());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'BROKER_RECEIPT_REFUSED'"
                + " AND document_id = ?", Integer.class, id.toString())).isEqualTo(1);
    }

    @Nested
    class BrokerSecurity {

        @Test
        void bank006MayConsumeFromItsOwnInAddress() throws Exception {
            try (Connection c = partyConnectionFactory().createConnection("006", "sample-006")) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                s.createConsumer(s.createQueue("bank.006.in")).close();
            }
        }

        @Test
        void bank006IsRefusedOnOtherBanksInAddresses() throws Exception {
            for (String other : List.of("bank.004.in", "bank.007.in", "agency.NTBNA.in")) {
                try (Connection c = partyConnectionFactory().createConnection("006", "sample-006")) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    assertThatThrownBy(() -> s.createConsumer(s.createQueue(other))).as(other)
                            .isInstanceOf(JMSSecurityException.class);
                }
            }
        }

        @Test
        void bank006CannotSendToAnotherBanksOutAddressNorToItsOwnIn() throws Exception {
            for (String other : List.of("bank.004.out", "agency.NTBNA.out", "bank.006.in", "gateway.deliver.broker")) {
                try (Connection c = partyConnectionFactory().createConnection("006", "sample-006")) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    assertThatThrownBy(() -> {
                        MessageProducer p = s.createProducer(s.createQueue(other));
                        p.send(s.createBytesMessage());
                    }).as(other).isInstanceOf(JMSSecurityException.class);
                }
            }
        }

        @Test
        void bank006CannotConsumeFromItsOwnOutAddressNorTheGatewaysQueues() throws Exception {
            for (String other : List.of("bank.006.out", "gateway.deliver.broker", "gateway.dead-letter")) {
                try (Connection c = partyConnectionFactory().createConnection("006", "sample-006")) {
                    Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    assertThatThrownBy(() -> s.createConsumer(s.createQueue(other))).as(other)
                            .isInstanceOf(JMSSecurityException.class);
                }
            }
        }

        @Test
        void wrongPasswordsAndUnknownUsersAreRefused() {
            assertThatThrownBy(() -> partyConnectionFactory().createConnection("006", "sample-NTBNA").close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> partyConnectionFactory().createConnection("004", "sample-006").close())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> partyConnectionFactory().createConnection().close())
                    .isInstanceOf(JMSSecurityException.class);
        }
    }
}
