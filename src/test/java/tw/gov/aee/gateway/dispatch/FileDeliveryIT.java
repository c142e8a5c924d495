package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.ReceiptStatus;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.replies.FileExchangeProperties;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;
import tw.gov.aee.gateway.simulator.SimulatedFileParties;
import tw.gov.aee.gateway.simulator.SimulatedReplies;

/**
 * File delivery end to end over the real parts (DESIGN §9 "Batch files"): the gateway writes the
 * envelope to {@code <code>/outbox/<documentId>.p7m}, the simulated FILE party takes it from there,
 * processes it once and drops its signed receipt as {@code <code>/inbox/<documentId>.receipt.p7s},
 * which the gateway verifies; a receipt signed by another bank goes to {@code rejected/}.
 */
@GatewayIntegrationTest
class FileDeliveryIT {

    static final Duration PATIENCE = OrdersOutIT.PATIENCE;

    @LocalServerPort
    int port;
    @Autowired
    SimulatedFileParties fileParties;
    @Autowired
    FileExchangeProperties files;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimulatedReplies replies;

    @AfterEach
    void everyoneBehaves() {
        for (String code : fileParties.codes()) {
            fileParties.behave(code, Behaviour.NORMAL);
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

    String state(UUID id, String recipient) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = ?", String.class,
                id, recipient);
    }

    @Test
    void anOrderToBanks009And004IsWrittenTo009sOutboxTakenAndReceiptedByFileAndProcessedOnce() throws Exception {
        UUID id = submit(OrdersOutIT.order(OrdersOutIT.number('A'), "009", "004"));
        awaitAllReceipted(id, 4);

        JsonNode d009 = deliveries(id).get("009");
        List<String> history = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (JsonNode h : d009.get("history")) {
            history.add(h.get("state").asText());
            details.add(h.path("detail").asText());
        }
        Path written = files.outbox("009").resolve(id + ".p7m");
        assertThat(history).containsExactly("ACCEPTED", "SIGNED", "DISPATCHED", "DELIVERED", "RECEIPTED");
        assertThat(details).contains("written to " + written);
        assertThat(d009.get("receipt").get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(fileParties.processedDocumentIds("009")).containsOnlyOnce(id.toString());
        // the party took the envelope; the gateway moved the receipt file to done/
        Path taken = files.outbox("009").resolve("taken").resolve(id + ".p7m");
        assertThat(taken).exists();
        assertThat(written).doesNotExist();
        byte[] envelope = jdbc.queryForObject("SELECT envelope FROM delivery WHERE document_id = ? AND recipient = '009'",
                byte[].class, id);
        assertThat(Files.readAllBytes(taken)).isEqualTo(envelope);
        await().atMost(PATIENCE).until(() -> Files.exists(files.inbox("009").resolve("done").resolve(id + ".receipt.p7s")));
        assertThat(jdbc.queryForObject("SELECT transport FROM delivery WHERE document_id = ? AND recipient = '009'",
                String.class, id)).isEqualTo("FILE");
    }

    @Test
    void anExecutionCertificateReachesTheFileAgencyThbmv() throws Exception {
        String xml = Files.readString(Path.of("schemas/examples/valid/execution-certificate.xml"))
                .replace("1100412876C", OrdersOutIT.number('C')).replace("KHH", "TPE");
        UUID id = submit(xml);
        awaitAllReceipted(id, 1);
        assertThat(deliveries(id)).containsOnlyKeys("THBMV");
        assertThat(fileParties.processedDocumentIds("THBMV")).containsOnlyOnce(id.toString());
        assertThat(files.outbox("THBMV").resolve("taken").resolve(id + ".p7m")).exists();
    }

    /** {@code signer}'s receipt for the envelope, as {@code receiver} would write it. */
    static byte[] receipt(String signer, String receiver, UUID id, byte[] envelope) throws Exception {
        Receipt r = new Receipt();
        r.setReceiptId(UUID.randomUUID().toString());
        r.setDocumentId(id.toString());
        PartyRef to = new PartyRef();
        to.setCode(receiver);
        to.setKind(tw.gov.aee.gateway.contract.v1.PartyKind.BANK);
        r.setReceiver(to);
        r.setEnvelopeSha256(tw.gov.aee.gateway.crypto.CmsEnvelope.sha256Hex(envelope));
        r.setStatus(ReceiptStatus.ACCEPTED);
        r.setReceivedAt(javax.xml.datatype.DatatypeFactory.newInstance().newXMLGregorianCalendar(
                java.util.GregorianCalendar.from(Instant.now().atZone(java.time.ZoneId.of("Asia/Taipei")))));
        return new CmsSigner(KeyMaterial.fromPkcs12(Path.of("certs-sample/parties/" + signer + "/signing.p12"),
                "sample-only".toCharArray())).sign(new DocumentReader().toXml(r));
    }

    /** Drops a file into {@code party}'s inbox the way a bank must: written aside, then renamed. */
    void drop(String party, String name, byte[] content) throws Exception {
        Path inbox = files.inbox(party);
        Files.createDirectories(inbox);
        Path tmp = inbox.resolve("." + name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aReceiptFileArrivingAfterTheBanksReplyIsKeptAsEvidenceAndTheDeliveryStaysAnswered() throws Exception {
        fileParties.behave("009", Behaviour.DOWN); // the test is 009 now
        String xml = OrdersOutIT.order(OrdersOutIT.number('A'), "009");
        UUID id = submit(xml);
        Path written = files.outbox("009").resolve(id + ".p7m");
        await().atMost(PATIENCE).until(() -> Files.exists(written) && "DISPATCHED".equals(state(id, "009")));
        byte[] envelope = Files.readAllBytes(written);
        Files.delete(written); // 009 took it

        // 009's reply overtakes its receipt: the reply file is read first, the order is ANSWERED
        EnforcementOrder order = new DocumentReader().readXml(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                EnforcementOrder.class);
        assertThat(replies.answer("009", order, id.toString(), Plan.of(SeizureResult.NO_ACCOUNT)).accepted()).isTrue();
        assertThat(state(id, "009")).isEqualTo("ANSWERED");

        byte[] receipt = receipt("009", "009", id, envelope);
        drop("009", id + ".receipt.p7s", receipt);
        Path done = files.inbox("009").resolve("done").resolve(id + ".receipt.p7s");
        await().atMost(PATIENCE).until(() -> Files.exists(done));
        assertThat(state(id, "009")).isEqualTo("ANSWERED");
        assertThat(jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '009'",
                byte[].class, id)).isEqualTo(receipt);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'DELIVERY_LATE_RECEIPT'"
                + " AND document_id = ?", Integer.class, id.toString())).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT detail FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                + " WHERE d.document_id = ? AND d.recipient = '009' ORDER BY e.id DESC LIMIT 1", String.class, id))
                .contains("verified after the delivery was ANSWERED");

        // a late receipt signed by another bank is refused like any other, and changes nothing
        String otherXml = OrdersOutIT.order(OrdersOutIT.number('A'), "009");
        UUID other = submit(otherXml);
        Path second = files.outbox("009").resolve(other + ".p7m");
        await().atMost(PATIENCE).until(() -> Files.exists(second) && "DISPATCHED".equals(state(other, "009")));
        byte[] secondEnvelope = Files.readAllBytes(second);
        Files.delete(second);
        replies.answer("009", new DocumentReader().readXml(otherXml.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                EnforcementOrder.class), other.toString(), Plan.of(SeizureResult.NO_ACCOUNT));
        drop("009", other + ".receipt.p7s", receipt("004", "009", other, secondEnvelope));
        Path rejected = files.inbox("009").resolve("rejected").resolve(other + ".receipt.p7s");
        await().atMost(PATIENCE).until(() -> Files.exists(rejected));
        assertThat(state(other, "009")).isEqualTo("ANSWERED");
        assertThat(jdbc.queryForObject("SELECT receipt FROM delivery WHERE document_id = ? AND recipient = '009'",
                byte[].class, other)).isNull();
    }

    @Test
    void aReceiptFileSignedByAnotherBankIsRejectedAndTheDeliveryStaysDispatched() throws Exception {
        fileParties.behave("009", Behaviour.DOWN); // 009 leaves the envelope in its outbox
        UUID id = submit(OrdersOutIT.order(OrdersOutIT.number('A'), "009"));
        Path written = files.outbox("009").resolve(id + ".p7m");
        await().atMost(PATIENCE).until(() -> Files.exists(written) && "DISPATCHED".equals(state(id, "009")));
        byte[] envelope = Files.readAllBytes(written);

        // a well-formed receipt for this very envelope, but signed by 004
        byte[] forged = receipt("004", "009", id, envelope);
        drop("009", id + ".receipt.p7s", forged);

        Path rejected = files.inbox("009").resolve("rejected").resolve(id + ".receipt.p7s");
        await().atMost(PATIENCE).until(() -> Files.exists(rejected));
        assertThat(Files.readAllBytes(rejected)).isEqualTo(forged);
        assertThat(state(id, "009")).isEqualTo("DISPATCHED");
        assertThat(jdbc.queryForObject("SELECT last_error FROM delivery WHERE document_id = ? AND recipient = '009'",
                String.class, id)).startsWith("unknown-signer");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'FILE_RECEIPT_REFUSED'"
                + " AND document_id = ?", Integer.class, id.toString())).isEqualTo(1);

        // once 009 is back, it takes the envelope and its own receipt counts
        fileParties.behave("009", Behaviour.NORMAL);
        await().atMost(PATIENCE).until(() -> "RECEIPTED".equals(state(id, "009")));
        assertThat(fileParties.processedDocumentIds("009")).containsOnlyOnce(id.toString());
    }
}
