package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.contract.branch.BranchSubmission;
import tw.gov.aee.gateway.contract.branch.DocumentStatus;
import tw.gov.aee.gateway.contract.branch.SubmissionResult;
import tw.gov.aee.gateway.contract.branch.SubmittedDocument;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;
import tw.gov.aee.gateway.simulator.SimulatedParties;
import tw.gov.aee.gateway.simulator.SimulatedReplies;

/**
 * Orders out, end to end over the real parts: a branch submits over mutual TLS, the gateway signs
 * as the branch, encrypts for each recipient and the archive, pushes over SOAP/TLS to the
 * simulated banks and agencies (real CXF peers with their own keys), and verifies and stores their
 * signed receipts. Counting happens at the recipients (DESIGN §9 "Counting deliveries").
 */
@GatewayIntegrationTest
class OrdersOutIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;
    @Autowired
    SimulatedParties parties;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SignatureVerifier verifier;
    @Autowired
    SimulatedReplies replies;

    PartyClient tpe() {
        return PartyClient.as("TPE", port);
    }

    @AfterEach
    void everyoneBehaves() {
        for (String code : parties.codes()) {
            parties.behave(code, Behaviour.NORMAL);
        }
    }

    static String number(char kind) {
        return "116" + String.format("%07d", 1_000_000 + SERIAL.incrementAndGet()) + kind;
    }

    /** The seizure example, renumbered and addressed to the given banks. */
    static String order(String number, String... banks) throws Exception {
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number);
        StringBuilder recipients = new StringBuilder();
        for (String b : banks) {
            recipients.append("<recipient><code>").append(b).append("</code><kind>BANK</kind></recipient>");
        }
        return xml.replaceAll("(?s)<recipient>.*</recipient>", recipients.toString());
    }

    static String revocation(String number, String revokes, String bank) throws Exception {
        return Files.readString(Path.of("schemas/examples/valid/seizure-revocation.xml"))
                .replace("1100301152K", number).replace("1100295393A", revokes)
                .replace("<recipient><code>700</code>", "<recipient><code>" + bank + "</code>")
                .replaceAll("<documentId>[^<]*</documentId>", "");
    }

    static String certificate(String number) throws Exception {
        return Files.readString(Path.of("schemas/examples/valid/execution-certificate.xml"))
                .replace("1100412876C", number).replace("KHH", "TPE").replace("THBMV", "NHIA")
                .replace("MOTOR_VEHICLE", "NHI");
    }

    UUID submitted(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location")).isPresent();
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    JsonNode document(UUID id) throws Exception {
        HttpResponse<String> r = tpe().get("/api/v1/documents/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return PartyClient.json(r);
    }

    Map<String, String> states(UUID id) throws Exception {
        Map<String, String> m = new java.util.TreeMap<>();
        for (JsonNode d : document(id).get("deliveries")) {
            m.put(d.get("recipient").asText(), d.get("state").asText());
        }
        return m;
    }

    void awaitAllReceipted(UUID id, int recipients) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, String> s = states(id);
            assertThat(s).hasSize(recipients);
            assertThat(s.values()).as(s.toString()).containsOnly("RECEIPTED");
        });
    }

    @Test
    void anOrderReachesEveryBankAndACopyEachAgencyEachWithAVerifiedReceipt() throws Exception {
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", order(number('A'), "004", "007", "700")));
        awaitAllReceipted(id, 5);

        JsonNode doc = document(id);
        assertThat(doc.get("state").asText()).isEqualTo("RECEIPTED");
        for (JsonNode d : doc.get("deliveries")) {
            List<String> history = new ArrayList<>();
            Instant previous = Instant.EPOCH;
            for (JsonNode h : d.get("history")) {
                history.add(h.get("state").asText());
                Instant at = Instant.parse(h.get("at").asText());
                assertThat(at).isAfterOrEqualTo(previous.minusSeconds(5));
                previous = at;
            }
            assertThat(history).containsExactly("ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED", "RECEIPTED");
            assertThat(d.get("receipt").get("status").asText()).isEqualTo("ACCEPTED");
            assertThat(d.get("receipt").get("receivedAt").isNull()).isFalse();
            assertThat(d.get("role").asText()).isEqualTo(List.of("NTBT", "NHIA").contains(d.get("recipient").asText())
                    ? "COPY" : "ADDRESSEE");
        }
        for (String party : List.of("004", "007", "700", "NTBT", "NHIA")) {
            assertThat(parties.processedDocumentIds(party)).contains(id.toString());
        }
        // The stored receipt is the bank's own signature over the exact envelope it received.
        byte[] receipt = jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '004'",
                byte[].class, id);
        SignatureVerifier.VerifiedContent v = verifier.verify(receipt, Instant.now());
        assertThat(v.signer().getSubjectX500Principal().getName()).contains("CN=004");
        String sha = jdbc.queryForObject("SELECT envelope_sha256 FROM delivery WHERE document_id = ? AND recipient = '004'",
                String.class, id);
        assertThat(new String(v.content(), StandardCharsets.UTF_8)).contains(sha).contains(id.toString());
    }

    @Test
    void aReplyOvertakingThePushReceiptLeavesTheOrderAnsweredWithTheReceiptKeptAsEvidence() throws Exception {
        // 007's reply system answers while the push is still open (before its SOAP response, the
        // receipt, has left): the push is recorded only with its answer, so the reply finds the
        // delivery SIGNED and makes it ANSWERED; the receipt that follows is kept, not lost.
        String number = number('A');
        String xml = order(number, "007");
        parties.onProcessed((party, documentId, document) -> {
            if ("007".equals(party) && document instanceof EnforcementOrder o
                    && number.equals(o.getHeader().getDocumentNumber())) {
                replies.answer(party, o, documentId, Plan.of(SeizureResult.NO_ACCOUNT));
            }
        });
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", xml));
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM audit_entry WHERE action = 'DELIVERY_LATE_RECEIPT' AND document_id = ?",
                Integer.class, id.toString())).isEqualTo(1));
        Map<String, Object> row = jdbc.queryForMap("SELECT state, receipt, receipt_status, received_at, attempts"
                + " FROM delivery WHERE document_id = ? AND recipient = '007'", id);
        assertThat(row.get("state")).isEqualTo("ANSWERED");
        assertThat(row.get("receipt_status")).isEqualTo("ACCEPTED");
        assertThat(row.get("received_at")).isNotNull();
        assertThat(row.get("attempts")).isEqualTo(0); // no failure, no second push
        assertThat(parties.processedDocumentIds("007")).containsOnlyOnce(id.toString());
        SignatureVerifier.VerifiedContent v = verifier.verify((byte[]) row.get("receipt"), Instant.now());
        assertThat(v.signer().getSubjectX500Principal().getName()).contains("CN=007");
        List<String> history = jdbc.queryForList("SELECT e.state FROM delivery_event e JOIN delivery d ON d.id ="
                + " e.delivery_id WHERE d.document_id = ? AND d.recipient = '007' ORDER BY e.id", String.class, id);
        assertThat(history).containsExactly("ACCEPTED", "SIGNED", "ANSWERED", "ANSWERED");
        // The delivery never passed DISPATCHED: the late receipt's entry is the record of when the push began.
        String late = jdbc.queryForObject("SELECT e.detail FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ? AND d.recipient = '007' ORDER BY e.id DESC LIMIT 1", String.class, id);
        assertThat(late).matches("receipt \\S+ of the push to https://\\S+ begun at \\d{4}-\\d\\d-\\d\\dT\\S+Z"
                + " verified after the delivery became ANSWERED");
    }

    @Test
    void aRevocationInItsJsonFormReachesTheBankAndIsCopiedToTheAgenciesOfTheOrderItRevokes() throws Exception {
        String orderNumber = number('A');
        UUID order = submitted(tpe().post("/api/v1/documents", "application/xml", order(orderNumber, "004")));
        awaitAllReceipted(order, 3);
        DocumentReader reader = new DocumentReader();
        String json = new String(reader.toJson(reader.readXml(revocation(number('K'), orderNumber, "004")
                .getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
        UUID revocation = submitted(tpe().post("/api/v1/documents", "application/json", json));
        awaitAllReceipted(revocation, 3);
        assertThat(states(revocation)).containsOnlyKeys("004", "NTBT", "NHIA");
        assertThat(parties.processedDocuments("004")).anyMatch(p -> p.documentId().equals(revocation.toString())
                && p.documentType().equals("SeizureRevocation"));
    }

    @Test
    void anExecutionCertificateReachesTheAgencyOfItsCategory() throws Exception {
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", certificate(number('C'))));
        awaitAllReceipted(id, 1);
        assertThat(states(id)).containsOnlyKeys("NHIA");
        assertThat(parties.processedDocumentIds("NHIA")).contains(id.toString());
    }

    @Test
    void aDuplicateSubmissionAnswersTheOriginalAndIsReceivedOnceAtTheBank() throws Exception {
        String xml = order(number('A'), "013");
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", xml));
        HttpResponse<String> again = tpe().post("/api/v1/documents", "application/xml", xml);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(PartyClient.json(again).get("id").asText()).isEqualTo(id.toString());
        awaitAllReceipted(id, 3);
        assertThat(parties.processedDocumentIds("013").stream().filter(id.toString()::equals)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM document WHERE id = ?", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void anOrderSubmittedOverTheBranchSoapServiceTravelsTheSameWay() throws Exception {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(BranchSubmission.class);
        factory.setAddress("https://localhost:" + port + "/services/branch");
        BranchSubmission soap = (BranchSubmission) factory.create();
        TLSClientParameters tls = new TLSClientParameters();
        tls.setKeyManagers(PartyClient.keyManagers("TPE").getKeyManagers());
        tls.setTrustManagers(PartyClient.trustManagers().getTrustManagers());
        ((HTTPConduit) ClientProxy.getClient(soap).getConduit()).setTlsClientParameters(tls);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        SubmittedDocument doc = new SubmittedDocument();
        doc.setAny(dbf.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(order(number('A'), "700")
                .getBytes(StandardCharsets.UTF_8))).getDocumentElement());

        SubmissionResult result = soap.submitDocument(doc);
        UUID id = UUID.fromString(result.getId());
        awaitAllReceipted(id, 3);
        DocumentStatus status = soap.getStatus(result.getId());
        assertThat(status.getState().name()).isEqualTo("RECEIPTED");
        assertThat(status.getHistory()).isNotEmpty();
    }

    @Test
    void theStatusIsFoundByDocumentNumberAndByCase() throws Exception {
        String n = number('A');
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", order(n, "004")));
        assertThat(PartyClient.json(tpe().get("/api/v1/documents?documentNumber=" + n)).get("id").asText())
                .isEqualTo(id.toString());
        String caseNumber = java.net.URLEncoder.encode("110年健保費執字第00131208號", StandardCharsets.UTF_8);
        JsonNode c = PartyClient.json(tpe().get("/api/v1/cases/" + caseNumber));
        assertThat(c.get("documents").findValuesAsText("id")).contains(id.toString());
    }

    @Test
    void deliveryCountsArePublishedAsMetrics() throws Exception {
        UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", order(number('A'), "700")));
        awaitAllReceipted(id, 3);
        String metrics = tw.gov.aee.gateway.operators.OperatorClient.as("ops-viewer", "sample-ops-viewer", port).get("/actuator/prometheus").body();
        assertThat(metrics).contains("gateway_delivery_transitions_total{").contains("state=\"RECEIPTED\"");
        assertThat(metrics).contains("gateway_deliveries{").contains("gateway_intake_accepted_total");
    }

    @Nested
    class Refuses {

        @Test
        void aBranchSubmittingOrReadingAsAnother() throws Exception {
            String xml = order(number('A'), "004");
            PartyClient ntp = PartyClient.as("NTP", port);
            HttpResponse<String> r = ntp.post("/api/v1/documents", "application/xml", xml);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(PartyClient.json(r).get("code").asText()).isEqualTo("forbidden");

            UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", xml));
            assertThat(ntp.get("/api/v1/documents/" + id).statusCode()).isEqualTo(403);
            assertThat(PartyClient.as("004", port).get("/api/v1/documents/" + id).statusCode()).isEqualTo(403);
        }

        @Test
        void aReceiptSignedByAnotherPartyAndNeverMarksTheDeliveryReceipted() throws Exception {
            parties.behave("008", Behaviour.WRONG_SIGNER);
            UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", order(number('A'), "008")));
            awaitRefusedReceipt(id, "008", "unknown-signer");
        }

        @Test
        void aReceiptNamingTheWrongDigestAndNeverMarksTheDeliveryReceipted() throws Exception {
            parties.behave("007", Behaviour.WRONG_DIGEST);
            UUID id = submitted(tpe().post("/api/v1/documents", "application/xml", order(number('A'), "007")));
            awaitRefusedReceipt(id, "007", "receipt-mismatch");
        }

        void awaitRefusedReceipt(UUID id, String bank, String code) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Map<String, Object> row = jdbc.queryForMap("SELECT state, attempts, last_error, receipt FROM delivery"
                        + " WHERE document_id = ? AND recipient = ?", id, bank);
                assertThat((Integer) row.get("attempts")).isGreaterThanOrEqualTo(2);
                assertThat((String) row.get("last_error")).startsWith(code);
            });
            Map<String, Object> row = jdbc.queryForMap("SELECT state, receipt FROM delivery WHERE document_id = ? AND"
                    + " recipient = ?", id, bank);
            assertThat(row.get("state")).isEqualTo("DISPATCHED");
            assertThat(row.get("receipt")).isNull();
            // The copies to the agencies are unaffected by one bank's bad receipts.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(states(id)).containsEntry("NTBT", "RECEIPTED")
                    .containsEntry("NHIA", "RECEIPTED"));
        }
    }
}
