package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.MailboxClient;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.party.PartyMailbox;
import tw.gov.aee.gateway.contract.party.PendingDocument;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;
import tw.gov.aee.gateway.simulator.SimulatedPullClients;
import tw.gov.aee.gateway.simulator.SimulatedReplies;

/**
 * The pull mailbox end to end over the real parts: a branch submits, the gateway seals for the PULL
 * bank 005, and 005 — the simulated pull client, or a test-made CXF client with 005's own TLS
 * certificate — fetches over mutual TLS and acknowledges with its signed receipt.
 */
@GatewayIntegrationTest
class PullMailboxIT {

    static final Duration PATIENCE = OrdersOutIT.PATIENCE;

    @LocalServerPort
    int port;
    @Autowired
    SimulatedPullClients pullClients;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SignatureVerifier verifier;
    @Autowired
    SimulatedReplies replies;

    @AfterEach
    void everyoneBehaves() {
        for (String code : pullClients.codes()) {
            pullClients.behave(code, Behaviour.NORMAL);
        }
    }

    UUID submit(String... banks) throws Exception {
        HttpResponse<String> r = PartyClient.as("TPE", port).post("/api/v1/documents", "application/xml",
                OrdersOutIT.order(OrdersOutIT.number('A'), banks));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    String state(UUID id, String recipient) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = ?", String.class,
                id, recipient);
    }

    int events(UUID id, String recipient) {
        return jdbc.queryForObject("SELECT count(*) FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ? AND d.recipient = ?", Integer.class, id, recipient);
    }

    static Optional<PendingDocument> offered(PartyMailbox mailbox, UUID id) throws GatewayFault {
        return mailbox.fetchPending(100).stream().filter(d -> d.getDocumentId().equals(id.toString())).findFirst();
    }

    /** Waits until the document is in 005's mailbox (sealed) and returns what a fetch offers. */
    static PendingDocument awaitOffered(PartyMailbox mailbox, UUID id) {
        List<PendingDocument> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            offered(mailbox, id).ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    static String code(GatewayFault fault) {
        return fault.getFaultInfo().getCode();
    }

    @Test
    void anOrderToAPullBankIsFetchedAcknowledgedReceiptedAndProcessedOnceThere() throws Exception {
        UUID id = submit("005", "004");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Object> states = new java.util.TreeMap<>();
            jdbc.queryForList("SELECT recipient, state FROM delivery WHERE document_id = ?", id)
                    .forEach(row -> states.put((String) row.get("recipient"), row.get("state")));
            assertThat(states).containsOnlyKeys("004", "005", "NTBT", "NHIA");
            assertThat(states.values()).as(states.toString()).containsOnly("RECEIPTED");
        });
        assertThat(pullClients.processedDocumentIds("005").stream().filter(id.toString()::equals)).hasSize(1);

        JsonNode doc = PartyClient.json(PartyClient.as("TPE", port).get("/api/v1/documents/" + id));
        JsonNode to005 = null;
        for (JsonNode d : doc.get("deliveries")) {
            if (d.get("recipient").asText().equals("005")) {
                to005 = d;
            }
        }
        assertThat(to005).isNotNull();
        List<String> history = new ArrayList<>();
        to005.get("history").forEach(h -> history.add(h.get("state").asText()));
        assertThat(history).containsExactly("ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED", "RECEIPTED");
        assertThat(to005.get("history").get(2).get("detail").asText()).isEqualTo("fetched by 005");
        assertThat(to005.get("receipt").get("status").asText()).isEqualTo("ACCEPTED");

        // The stored receipt is 005's own signature over the exact envelope it fetched.
        byte[] receipt = jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '005'",
                byte[].class, id);
        SignatureVerifier.VerifiedContent v = verifier.verify(receipt, Instant.now());
        assertThat(v.signer().getSubjectX500Principal().getName()).contains("CN=005");
        String sha = jdbc.queryForObject("SELECT envelope_sha256 FROM delivery WHERE document_id = ? AND recipient = '005'",
                String.class, id);
        assertThat(new String(v.content(), StandardCharsets.UTF_8)).contains(sha).contains(id.toString());
    }

    @Test
    void anUnacknowledgedDocumentIsOfferedAgainOnEveryFetchAndAcknowledgedOnce() throws Exception {
        pullClients.behave("005", Behaviour.DOWN); // the test is 005 now
        PartyMailbox mailbox = MailboxClient.as("005", port);
        UUID id = submit("005");
        PendingDocument first = awaitOffered(mailbox, id);
        assertThat(state(id, "005")).isEqualTo("DISPATCHED");
        PendingDocument again = offered(mailbox, id).orElseThrow();
        assertThat(again.getEnvelope()).isEqualTo(first.getEnvelope());
        assertThat(CmsEnvelope.sha256Hex(first.getEnvelope())).isEqualTo(jdbc.queryForObject(
                "SELECT envelope_sha256 FROM delivery WHERE document_id = ? AND recipient = '005'", String.class, id));

        byte[] receipt = MailboxClient.receipt("005", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(first.getEnvelope()));
        mailbox.acknowledge(id.toString(), receipt);
        assertThat(state(id, "005")).isEqualTo("RECEIPTED");
        assertThat(offered(mailbox, id)).isEmpty();

        // the same acknowledgement again (a lost response, resent) answers OK and changes nothing
        int before = events(id, "005");
        mailbox.acknowledge(id.toString(), receipt);
        assertThat(events(id, "005")).isEqualTo(before);
        assertThat(state(id, "005")).isEqualTo("RECEIPTED");
        // another receipt for it now is a conflict
        GatewayFault conflict = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(id.toString(),
                MailboxClient.receipt("005", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(first.getEnvelope()))));
        assertThat(code(conflict)).isEqualTo("duplicate-conflict");
    }

    @Test
    void anAcknowledgementAfterTheBanksReplyIsKeptAsEvidenceAndTheDeliveryStaysAnswered() throws Exception {
        pullClients.behave("005", Behaviour.DOWN); // the test is 005 now
        PartyMailbox mailbox = MailboxClient.as("005", port);
        String xml = OrdersOutIT.order(OrdersOutIT.number('A'), "005");
        HttpResponse<String> submitted = PartyClient.as("TPE", port).post("/api/v1/documents", "application/xml", xml);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        UUID id = UUID.fromString(PartyClient.json(submitted).get("id").asText());
        PendingDocument d = awaitOffered(mailbox, id);

        // 005 answers the order before it acknowledges it (its reply system is faster than its receipt job)
        EnforcementOrder order = new DocumentReader().readXml(xml.getBytes(StandardCharsets.UTF_8), EnforcementOrder.class);
        assertThat(replies.answer("005", order, id.toString(), Plan.of(SeizureResult.NO_ACCOUNT)).accepted()).isTrue();
        assertThat(state(id, "005")).isEqualTo("ANSWERED");

        byte[] receipt = MailboxClient.receipt("005", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(d.getEnvelope()));
        mailbox.acknowledge(id.toString(), receipt); // no fault: the receipt is the evidence of entry
        assertThat(state(id, "005")).isEqualTo("ANSWERED");
        Map<String, Object> row = jdbc.queryForMap("SELECT receipt, receipt_status, received_at FROM delivery"
                + " WHERE document_id = ? AND recipient = '005'", id);
        assertThat((byte[]) row.get("receipt")).isEqualTo(receipt);
        assertThat(row.get("receipt_status")).isEqualTo("ACCEPTED");
        assertThat(row.get("received_at")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'DELIVERY_LATE_RECEIPT'"
                + " AND document_id = ?", Integer.class, id.toString())).isEqualTo(1);

        // the same acknowledgement again changes nothing; another receipt now is a conflict
        int before = events(id, "005");
        mailbox.acknowledge(id.toString(), receipt);
        assertThat(events(id, "005")).isEqualTo(before);
        GatewayFault conflict = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(id.toString(),
                MailboxClient.receipt("005", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(d.getEnvelope()))));
        assertThat(code(conflict)).isEqualTo("duplicate-conflict");
    }

    @Test
    void aLateAcknowledgementSignedByAnotherBankIsRefusedAndNothingIsStored() throws Exception {
        pullClients.behave("005", Behaviour.DOWN);
        PartyMailbox mailbox = MailboxClient.as("005", port);
        String xml = OrdersOutIT.order(OrdersOutIT.number('A'), "005");
        HttpResponse<String> submitted = PartyClient.as("TPE", port).post("/api/v1/documents", "application/xml", xml);
        UUID id = UUID.fromString(PartyClient.json(submitted).get("id").asText());
        PendingDocument d = awaitOffered(mailbox, id);
        EnforcementOrder order = new DocumentReader().readXml(xml.getBytes(StandardCharsets.UTF_8), EnforcementOrder.class);
        assertThat(replies.answer("005", order, id.toString(), Plan.of(SeizureResult.NO_ACCOUNT)).accepted()).isTrue();

        byte[] forged = MailboxClient.receipt("004", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(d.getEnvelope()));
        GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(id.toString(), forged));
        assertThat(code(fault)).isEqualTo("unknown-signer");
        assertThat(state(id, "005")).isEqualTo("ANSWERED");
        assertThat(jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '005'",
                byte[].class, id)).isNull();
    }

    @Test
    void theSimulatedPullBankKeepsGettingTheDocumentWhileItsReceiptsAreRefusedAndProcessesItOnce() throws Exception {
        pullClients.behave("005", Behaviour.WRONG_SIGNER);
        long refusedBefore = pullClients.refusedAcknowledgements("005");
        UUID id = submit("005");
        // refused at least twice for this very document (the count at 005 also covers others in its mailbox)
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() ->
                pullClients.refusedAcknowledgements("005") >= refusedBefore + 2
                        && pullClients.processedDocumentIds("005").contains(id.toString())
                        && jdbc.queryForObject("SELECT attempts FROM delivery WHERE document_id = ? AND recipient = '005'",
                        Integer.class, id) >= 2);
        assertThat(state(id, "005")).isEqualTo("DISPATCHED");
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE document_id = ? AND recipient = '005'",
                String.class, id)).startsWith("unknown-signer");

        pullClients.behave("005", Behaviour.NORMAL);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> "RECEIPTED".equals(state(id, "005")));
        assertThat(pullClients.processedDocumentIds("005").stream().filter(id.toString()::equals)).hasSize(1);
        assertThat(pullClients.duplicatesSuppressed("005")).isPositive();
    }

    @Nested
    class Refuses {

        @Test
        void anotherBanksCertificateFetchingOrAcknowledgingTheDocument() throws Exception {
            pullClients.behave("005", Behaviour.DOWN);
            UUID id = submit("005");
            PendingDocument d = awaitOffered(MailboxClient.as("005", port), id);

            PartyMailbox bank004 = MailboxClient.as("004", port);
            assertThat(bank004.fetchPending(100)).isEmpty(); // 004 is a PUSH bank: nothing in its mailbox
            byte[] receipt = MailboxClient.receipt("005", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(d.getEnvelope()));
            GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> bank004.acknowledge(id.toString(), receipt));
            assertThat(code(fault)).isEqualTo("forbidden");
            assertThat(state(id, "005")).isEqualTo("DISPATCHED");
        }

        @Test
        void aBranchCertificateWithAClientFault() throws Exception {
            GatewayFault fault = catchThrowableOfType(GatewayFault.class,
                    () -> MailboxClient.as("TPE", port).fetchPending(10));
            assertThat(code(fault)).isEqualTo("forbidden");

            HttpResponse<String> raw = PartyClient.as("TPE", port).post("/services/mailbox", "text/xml; charset=UTF-8", """
                    <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                      <soap:Body><fetchPending xmlns="urn:tw:gov:aee:exchange:party:v1"><max>1</max></fetchPending></soap:Body>
                    </soap:Envelope>""");
            assertThat(raw.statusCode()).isEqualTo(500);
            assertThat(raw.body()).contains("Client</faultcode>").contains("<code>forbidden</code>");
        }

        @Test
        void aReceiptSignedByAnotherBankAndOffersTheDocumentAgain() throws Exception {
            pullClients.behave("005", Behaviour.DOWN);
            PartyMailbox mailbox = MailboxClient.as("005", port);
            UUID id = submit("005");
            PendingDocument d = awaitOffered(mailbox, id);
            byte[] by004 = MailboxClient.receipt("004", "005", "BANK", id.toString(), CmsEnvelope.sha256Hex(d.getEnvelope()));
            GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(id.toString(), by004));
            assertThat(code(fault)).isEqualTo("unknown-signer");
            assertThat(state(id, "005")).isEqualTo("DISPATCHED");
            assertThat(offered(mailbox, id)).isPresent();
            assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE document_id = ? AND recipient = '005'",
                    String.class, id)).startsWith("unknown-signer");
        }

        @Test
        void aReceiptNamingTheWrongDigestAndOffersTheDocumentAgain() throws Exception {
            pullClients.behave("005", Behaviour.DOWN);
            PartyMailbox mailbox = MailboxClient.as("005", port);
            UUID id = submit("005");
            awaitOffered(mailbox, id);
            byte[] wrong = MailboxClient.receipt("005", "005", "BANK", id.toString(),
                    CmsEnvelope.sha256Hex("not the envelope".getBytes(StandardCharsets.US_ASCII)));
            GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(id.toString(), wrong));
            assertThat(code(fault)).isEqualTo("receipt-mismatch");
            assertThat(state(id, "005")).isEqualTo("DISPATCHED");
            assertThat(offered(mailbox, id)).isPresent();
        }

        @Test
        void anUnknownDocumentIsNotFoundAndAnUnreadableReplyGetsAReceiptNotAFault() throws Exception {
            PartyMailbox mailbox = MailboxClient.as("005", port);
            GatewayFault unknown = catchThrowableOfType(GatewayFault.class, () -> mailbox.acknowledge(
                    UUID.randomUUID().toString(), MailboxClient.receipt("005", "005", "BANK", UUID.randomUUID().toString(),
                            "0".repeat(64))));
            assertThat(code(unknown)).isEqualTo("not-found");
            // replies are taken since #6: a rejection is the (signed, rejecting) receipt, not a fault
            assertThat(mailbox.submitReply(UUID.randomUUID().toString(), new byte[] {1})).isNotEmpty();
        }
    }
}
