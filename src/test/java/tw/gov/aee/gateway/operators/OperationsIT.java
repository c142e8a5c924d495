package tw.gov.aee.gateway.operators;

import java.nio.charset.StandardCharsets;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;
import tw.gov.aee.gateway.simulator.SimulatedReplies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SimulatedParties;

/**
 * Operators over the real parts (issue #5): paper fallback with the operator's confirmation of
 * posting, dead letters after the last broker retry and their replay, roles and the audit trail.
 * Operators log in with HTTP Basic over TLS using the SAMPLE accounts of application.yml.
 */
@GatewayIntegrationTest
class OperationsIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000) + 500_000);
    static final Duration PATIENCE = Duration.ofSeconds(60);

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
    SimulatedReplies replies;


    OperatorClient viewer() { return OperatorClient.as("ops-viewer", "sample-ops-viewer", port); }
    OperatorClient operator() { return OperatorClient.as("ops-operator", "sample-ops-operator", port); }
    PartyClient tpe() { return PartyClient.as("TPE", port); }

    @AfterEach
    void everyoneBehaves() {
        for (String code : parties.codes()) {
            parties.behave(code, Behaviour.NORMAL);
        }
    }

    static String number() {
        return "116" + String.format("%07d", 2_000_000 + SERIAL.incrementAndGet() % 7_000_000) + "A";
    }

    static String order(String number, String bank) throws Exception {
        return Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                .replaceAll("(?s)<recipient>.*</recipient>", "<recipient><code>" + bank + "</code><kind>BANK</kind></recipient>");
    }

    UUID submit(String xml) throws Exception {
        HttpResponse<String> r = tpe().post("/api/v1/documents", "application/xml", xml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return UUID.fromString(PartyClient.json(r).get("id").asText());
    }

    long deliveryId(UUID document, String recipient) {
        return jdbc.queryForObject("SELECT id FROM delivery WHERE document_id = ? AND recipient = ?", Long.class, document,
                recipient);
    }

    String state(long deliveryId) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE id = ?", String.class, deliveryId);
    }

    int audits(String actor, String action, UUID document) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor = ? AND action = ? AND document_id = ?",
                Integer.class, actor, action, document.toString());
    }

    @Test
    void anOrderToAPaperBankIsPrintedAndReceiptedWhenAnOperatorConfirmsThePosting() throws Exception {
        UUID id = submit(order(number(), "012"));
        long delivery = deliveryId(id, "012");
        Path file = Path.of("target/it-data/shared/print/" + id + "-012.html");
        await().atMost(PATIENCE).until(() -> "DISPATCHED".equals(state(delivery)) && Files.exists(file));

        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(html).contains("扣押命令", "台北富邦商業銀行", "民國110年3月8日", "民國110年3月18日",
                "110年綜所稅執特專字第00092475號", "110年健保費執字第00131208號", "1090312345678", "NHI-109-0045821",
                "NT$1,256,300", "NT$38,416", "NT$1,294,716", "陳志明", "A1******89", "行政執行法第二十六條");
        assertThat(html).doesNotContain("A123456789");
        assertThat(Files.list(file.getParent())).noneMatch(p -> p.toString().endsWith(".tmp"));

        JsonNode pending = PartyClient.json(viewer().get("/api/ops/paper"));
        assertThat(pending.findValuesAsText("deliveryId")).contains(Long.toString(delivery));
        HttpResponse<String> copy = viewer().get("/api/ops/paper/" + delivery);
        assertThat(copy.statusCode()).isEqualTo(200);
        assertThat(copy.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(copy.body()).isEqualTo(html);

        String confirmation = "{\"postedAt\": \"" + OffsetDateTime.now().minusMinutes(1) + "\", \"note\": \"掛號 A-1\"}";
        assertThat(viewer().post("/api/ops/paper/" + delivery + "/posted", confirmation).statusCode()).isEqualTo(403);
        HttpResponse<String> confirmed = operator().post("/api/ops/paper/" + delivery + "/posted", confirmation);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(PartyClient.json(confirmed).get("confirmedBy").asText()).isEqualTo("ops-operator");

        assertThat(state(delivery)).isEqualTo("RECEIPTED");
        JsonNode doc = PartyClient.json(tpe().get("/api/v1/documents/" + id));
        for (JsonNode d : doc.get("deliveries")) {
            if (d.get("recipient").asText().equals("012")) {
                assertThat(d.get("receipt").get("status").asText()).isEqualTo("POSTED");
                assertThat(d.get("history").findValuesAsText("state")).containsExactly("ACCEPTED", "SIGNED", "DISPATCHED",
                        "DELIVERED", "RECEIPTED");
                assertThat(d.get("history").findValuesAsText("detail")).anyMatch(s -> s.contains("ops-operator"));
            }
        }
        assertThat(audits("ops-operator", "paper-posted-confirmed", id)).isEqualTo(1);
        assertThat(PartyClient.json(viewer().get("/api/ops/paper")).findValuesAsText("deliveryId"))
                .doesNotContain(Long.toString(delivery));

        // The same confirmation again changes nothing; another one is refused.
        assertThat(operator().post("/api/ops/paper/" + delivery + "/posted", confirmation).statusCode()).isEqualTo(200);
        HttpResponse<String> other = operator().post("/api/ops/paper/" + delivery + "/posted",
                "{\"postedAt\": \"" + OffsetDateTime.now().minusMinutes(2) + "\"}");
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(PartyClient.json(other).get("code").asText()).isEqualTo("already-confirmed");
        assertThat(audits("ops-operator", "paper-posted-confirmed", id)).isEqualTo(1);
    }

    @Test
    void metricsAreForOperatorsOnly() throws Exception {
        assertThat(OperatorClient.anonymous(port).get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(OperatorClient.as("ops-viewer", "wrong", port).get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(tpe().get("/actuator/prometheus").statusCode()).as("a branch").isEqualTo(403);
        assertThat(PartyClient.as("004", port).get("/actuator/prometheus").statusCode()).as("a bank").isEqualTo(403);
        HttpResponse<String> scraped = viewer().get("/actuator/prometheus");
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("gateway_deliveries{");
        assertThat(OperatorClient.anonymous(port).get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorApiRefusesTheAnonymousTheWrongPasswordAndParties() throws Exception {
        HttpResponse<String> anonymous = OperatorClient.anonymous(port).get("/api/ops/paper");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
        assertThat(PartyClient.json(anonymous).get("code").asText()).isEqualTo("unauthenticated");
        assertThat(OperatorClient.as("ops-operator", "wrong", port).get("/api/ops/paper").statusCode()).isEqualTo(401);
        assertThat(OperatorClient.as("nobody", "sample-ops-operator", port).get("/api/ops/dead-letters").statusCode())
                .isEqualTo(401);

        HttpResponse<String> branch = tpe().get("/api/ops/dead-letters");
        assertThat(branch.statusCode()).isEqualTo(403);
        assertThat(PartyClient.json(branch).get("code").asText()).isEqualTo("forbidden");
        assertThat(PartyClient.as("004", port).get("/api/ops/paper").statusCode()).isEqualTo(403);
        // and an operator is no branch
        assertThat(operator().get("/api/v1/documents?documentNumber=1100295393A").statusCode()).isEqualTo(403);
    }

    @Test
    void aReplyNoticeThatDiesOnTheBrokerIsParkedWithoutFailingTheDeliveryAndReplayedToTheBranch() throws Exception {
        String xml = order(number(), "004");
        UUID id = submit(xml);
        long delivery = deliveryId(id, "004");
        await().atMost(PATIENCE).until(() -> "RECEIPTED".equals(state(delivery)));

        // the bank answers while route-reply is down; its notice then dies on the broker, as after the last retry
        camel.getRouteController().stopRoute("route-reply");
        try {
            EnforcementOrder o = new DocumentReader().readXml(xml.getBytes(StandardCharsets.UTF_8), EnforcementOrder.class);
            var sent = replies.answer("004", o, id.toString(), Plan.of(SeizureResult.NO_ACCOUNT));
            assertThat(sent.accepted()).isTrue();
            Queue notices = broker.getActiveMQServer().locateQueue(SimpleString.of("gateway.route.reply"));
            await().atMost(PATIENCE).until(() -> notices.getMessageCount() > 0);
            notices.sendMessagesToDeadLetterAddress(null);

            await().atMost(PATIENCE).until(() -> jdbc.queryForObject("SELECT count(*) FROM dead_letter WHERE delivery_id = ?",
                    Integer.class, delivery) == 1);
            assertThat(state(delivery)).as("the delivery is answered; only its notice failed").isEqualTo("ANSWERED");
            JsonNode dl = null;
            for (JsonNode d : PartyClient.json(viewer().get("/api/ops/dead-letters"))) {
                if (d.get("deliveryId").asLong() == delivery) {
                    dl = d;
                }
            }
            assertThat(dl).isNotNull();
            assertThat(dl.get("originalQueue").asText()).isEqualTo("gateway.route.reply");
            assertThat(dl.get("lastError").asText()).contains("reply notice to branch TPE");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'notice-dead-lettered'"
                    + " AND document_id = ?", Integer.class, id.toString())).isEqualTo(1);
            assertThat(parties.branchWebhooks().replyIds("TPE")).doesNotContain(sent.replyId());

            camel.getRouteController().startRoute("route-reply");
            HttpResponse<String> replayed = operator().post("/api/ops/dead-letters/" + dl.get("id").asLong() + "/replay", "");
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> parties.branchWebhooks().replyIds("TPE").contains(sent.replyId()));
            await().atMost(PATIENCE).until(() -> "DELIVERED".equals(jdbc.queryForObject(
                    "SELECT state FROM reply_routing WHERE bank = '004' AND reply_id = ?", String.class, sent.replyId())));
            assertThat(state(delivery)).isEqualTo("ANSWERED");
            assertThat(audits("ops-operator", "dead-letter-replayed", id)).isEqualTo(1);
        } finally {
            camel.getRouteController().startRoute("route-reply");
        }
    }

    @Test
    void aDeliveryThatExhaustsItsRetriesIsFailedListedAndReplayedOnceByAnOperator() throws Exception {
        parties.behave("013", Behaviour.GARBAGE);
        UUID id = submit(order(number(), "013"));
        long delivery = deliveryId(id, "013");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> "FAILED".equals(state(delivery)));

        JsonNode listed = PartyClient.json(viewer().get("/api/ops/dead-letters"));
        JsonNode dl = null;
        for (JsonNode d : listed) {
            if (d.get("deliveryId").asLong() == delivery) {
                dl = d;
            }
        }
        assertThat(dl).as(listed.toString()).isNotNull();
        assertThat(dl.get("documentId").asText()).isEqualTo(id.toString());
        assertThat(dl.get("recipient").asText()).isEqualTo("013");
        assertThat(dl.get("transport").asText()).isEqualTo("PUSH");
        assertThat(dl.get("attempts").asInt()).isEqualTo(5);
        assertThat(dl.get("lastError").asText()).isNotBlank();
        assertThat(dl.get("originalQueue").asText()).isEqualTo("gateway.deliver.push");
        assertThat(dl.get("replayedAt").isNull()).isTrue();
        String history = jdbc.queryForObject("SELECT detail FROM delivery_event WHERE delivery_id = ? AND state = 'FAILED'",
                String.class, delivery);
        assertThat(history).contains("retries exhausted");

        long deadLetter = dl.get("id").asLong();
        HttpResponse<String> byViewer = viewer().post("/api/ops/dead-letters/" + deadLetter + "/replay", "");
        assertThat(byViewer.statusCode()).isEqualTo(403);
        assertThat(state(delivery)).isEqualTo("FAILED");

        parties.behave("013", Behaviour.NORMAL);
        HttpResponse<String> replayed = operator().post("/api/ops/dead-letters/" + deadLetter + "/replay", "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(PartyClient.json(replayed).get("replayedBy").asText()).isEqualTo("ops-operator");
        await().atMost(PATIENCE).until(() -> "RECEIPTED".equals(state(delivery)));
        assertThat(parties.processedDocumentIds("013").stream().filter(id.toString()::equals)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM delivery WHERE id = ?", Integer.class, delivery)).isZero();

        HttpResponse<String> again = operator().post("/api/ops/dead-letters/" + deadLetter + "/replay", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(PartyClient.json(again).get("code").asText()).isEqualTo("already-replayed");
        assertThat(audits("ops-operator", "dead-letter-replayed", id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor = 'ops-viewer'"
                + " AND action = 'dead-letters-listed'", Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor = 'ops-viewer'"
                + " AND action = 'access-refused'", Integer.class)).isPositive();
    }
}
