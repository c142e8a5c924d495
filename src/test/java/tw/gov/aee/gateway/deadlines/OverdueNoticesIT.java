package tw.gov.aee.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.operators.OperatorClient;
import tw.gov.aee.gateway.simulator.SimulatedParties;

/**
 * An order no bank answered by its deadline is reported to its branch (issue #6 item 9), with the
 * order really sent to simulated bank 004 and receipted, the real sweep, and the branch's side as
 * a branch system sees it: the simulated webhook receiver checking the gateway's signature, the
 * branch's broker address, and polling over mutual TLS. The example order's replyDeadline is
 * 2021-03-18, so a sweep now finds it overdue.
 */
@GatewayIntegrationTest
class OverdueNoticesIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired DocumentIntake intake;
    @Autowired JdbcTemplate jdbc;
    @Autowired OverdueSweep sweep;
    @Autowired SimulatedParties simulator;
    @Autowired JmsTemplate jms;
    @Autowired SignatureVerifier verifier;
    @Autowired KeyRing keys;
    @LocalServerPort int port;

    record Order(UUID id, String number, String caseNumber, long delivery) { }

    /** The seizure example from {@code branch} to bank 004 under a case number of its own, receipted by the bank. */
    Order order(String branch) throws Exception {
        String number = "117" + String.format("%07d", 6_000_000 + SERIAL.incrementAndGet()) + "A";
        String caseNumber = "110年綜所稅執特專字第" + String.format("%08d", 30_000_000 + SERIAL.incrementAndGet()) + "號";
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                .replace("110年綜所稅執特專字第00092475號", caseNumber)
                .replace("<issuingBranch>TPE</issuingBranch>", "<issuingBranch>" + branch + "</issuingBranch>")
                .replace("<sender><code>TPE</code>", "<sender><code>" + branch + "</code>")
                .replaceAll("(?s)<recipient>.*</recipient>", "<recipient><code>004</code><kind>BANK</kind></recipient>");
        UUID id = intake.submit(branch, xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> "RECEIPTED".equals(deliveryState(id)));
        long delivery = jdbc.queryForObject("SELECT id FROM delivery WHERE document_id = ? AND recipient = '004'",
                Long.class, id);
        return new Order(id, number, caseNumber, delivery);
    }

    String deliveryState(UUID orderId) {
        return jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = '004'", String.class,
                orderId);
    }

    String noticeId(Order o) {
        return jdbc.queryForObject("SELECT notice_id FROM overdue_notice WHERE delivery_id = ?", UUID.class, o.delivery())
                .toString();
    }

    String routingState(Order o) {
        return jdbc.queryForObject("SELECT state FROM overdue_notice WHERE delivery_id = ?", String.class, o.delivery());
    }

    static String since(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    static List<String> noticeIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("overdue").forEach(n -> ids.add(n.get("noticeId").asText()));
        return ids;
    }

    @Test
    void anUnansweredOrderTurnsOverdueAndItsBranchIsToldOnceBySignedWebhookAndCanPollIt() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Order o = order("TNN");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM overdue_notice WHERE delivery_id = ?", Integer.class,
                o.delivery())).isZero();

        sweep.sweep(Instant.now());

        assertThat(deliveryState(o.id())).isEqualTo("OVERDUE");
        String noticeId = noticeId(o);
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.branchWebhooks().noticeIds("TNN", "OVERDUE")
                .contains(noticeId));
        // the branch has it; the router records DELIVERED once the webhook call returns
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(routingState(o)));
        assertThat(jdbc.queryForObject("SELECT transport FROM overdue_notice WHERE delivery_id = ?", String.class,
                o.delivery())).isEqualTo("WEBHOOK");
        // the simulated branch accepted it only with a valid detached signature by the gateway
        assertThat(simulator.branchWebhooks().refusedCalls("TNN")).isZero();
        byte[] body = simulator.branchWebhooks().notice("TNN", "OVERDUE", noticeId);
        JsonNode notice = JSON.readTree(body);
        assertThat(notice.get("kind").asText()).isEqualTo("OVERDUE");
        assertThat(notice.get("noticeId").asText()).isEqualTo(noticeId);
        assertThat(notice.get("branch").asText()).isEqualTo("TNN");
        assertThat(notice.get("bank").asText()).isEqualTo("004");
        assertThat(notice.get("orderId").asText()).isEqualTo(o.id().toString());
        assertThat(notice.get("orderDocumentNumber").asText()).isEqualTo(o.number());
        assertThat(notice.get("caseNumber").asText()).isEqualTo(o.caseNumber());
        assertThat(Instant.parse(notice.get("due").asText())).isEqualTo(Instant.parse("2021-03-18T16:00:00Z"));
        assertThat(Instant.parse(notice.get("markedAt").asText())).isAfter(before);
        assertThat(notice.get("bankReceivedAt").isNull()).isFalse();
        assertThat(notice.get("links").get("order").asText()).isEqualTo("/api/v1/documents/" + o.id());
        assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("A123456789");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'overdue-notice-routed'"
                + " AND document_id = ?", Integer.class, o.id().toString())).isEqualTo(1);

        // Later sweeps (this node's or another's) tell the branch nothing again: one notice, one outbox message, one call.
        sweep.sweep(Instant.now());
        sweep.sweep(Instant.now());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM overdue_notice WHERE order_id = ?", Integer.class, o.id()))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox WHERE destination = 'overdue' AND delivery_id = ?",
                Integer.class, o.delivery())).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                simulator.branchWebhooks().calls("TNN", noticeId) == 1);
        assertThat(simulator.branchWebhooks().noticeIds("TNN", "OVERDUE").stream()
                .map(id -> simulator.branchWebhooks().notice("TNN", "OVERDUE", id))
                .filter(b -> new String(b, StandardCharsets.UTF_8).contains(o.id().toString()))).hasSize(1);

        // Polling: the branch sees its own notice, the same JSON; no other branch does; banks may not ask.
        var tnn = PartyClient.as("TNN", port).get("/api/v1/overdue?since=" + since(before) + "&limit=500");
        assertThat(tnn.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(tnn.body());
        assertThat(noticeIds(page)).contains(noticeId);
        page.get("overdue").forEach(n -> assertThat(n.get("branch").asText()).isEqualTo("TNN"));
        JsonNode polled = null;
        for (JsonNode n : page.get("overdue")) {
            if (noticeId.equals(n.get("noticeId").asText())) {
                polled = n;
            }
        }
        assertThat(polled).isEqualTo(notice);
        assertThat(noticeIds(JSON.readTree(PartyClient.as("NTP", port).get("/api/v1/overdue?since=" + since(before)
                + "&limit=500").body()))).doesNotContain(noticeId);
        assertThat(PartyClient.as("004", port).get("/api/v1/overdue?since=" + since(before)).statusCode()).isEqualTo(403);
        assertThat(PartyClient.as("TNN", port).get("/api/v1/overdue").statusCode()).isEqualTo(400);
        String next = PartyClient.as("TNN", port).get("/api/v1/overdue?since="
                + URLEncoder.encode(notice.get("markedAt").asText(), StandardCharsets.UTF_8)).body();
        assertThat(next).doesNotContain(noticeId);

        // Operators see it delivered; only a PARKED one may be retried.
        var viewer = OperatorClient.as("ops-viewer", "sample-ops-viewer", port);
        assertThat(viewer.get("/api/ops/overdue-notices?state=DELIVERED").body()).contains(noticeId);
        long routing = jdbc.queryForObject("SELECT id FROM overdue_notice WHERE delivery_id = ?", Long.class, o.delivery());
        assertThat(OperatorClient.as("ops-operator", "sample-ops-operator", port)
                .post("/api/ops/overdue-notices/" + routing + "/retry", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void aBrokerBranchGetsTheSignedOverdueNoticeOnItsRepliesAddress() throws Exception {
        Order o = order("TYN");
        sweep.sweep(Instant.now());
        String noticeId = noticeId(o);
        // browsed, not consumed: the message stays for the branch
        AtomicReference<Message> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.set(jms.browseSelected("branch.TYN.replies", "noticeId = '" + noticeId + "'",
                    (session, browser) -> browser.getEnumeration().hasMoreElements()
                            ? (Message) browser.getEnumeration().nextElement() : null));
            return found.get() != null;
        });
        Message m = found.get();
        assertThat(m.getStringProperty("noticeKind")).isEqualTo("OVERDUE");
        assertThat(m.getStringProperty("replyId")).isNull();
        byte[] body = ((TextMessage) m).getText().getBytes(StandardCharsets.UTF_8);
        JsonNode notice = JSON.readTree(body);
        assertThat(notice.get("kind").asText()).isEqualTo("OVERDUE");
        assertThat(notice.get("orderId").asText()).isEqualTo(o.id().toString());
        SignatureVerifier.VerifiedContent v = verifier.verifyDetached(
                Base64.getDecoder().decode(m.getStringProperty("gatewaySignature")), body, Instant.now());
        assertThat(v.signer()).isEqualTo(keys.gatewaySigner().key().certificate());
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(routingState(o)));
    }

    @Test
    void aPollingBranchsOverdueNoticeIsDeliveredWithoutAPushAndPolled() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Order o = order("SLN");
        sweep.sweep(Instant.now());
        String noticeId = noticeId(o);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(routingState(o)));
        assertThat(jdbc.queryForObject("SELECT transport FROM overdue_notice WHERE delivery_id = ?", String.class,
                o.delivery())).isEqualTo("POLLING");
        var polled = PartyClient.as("SLN", port).get("/api/v1/overdue?since=" + since(before));
        assertThat(noticeIds(JSON.readTree(polled.body()))).contains(noticeId);
    }

    /** The same race as the lost reply: a sweep that read its clock first commits its mark after a later one was polled. */
    @Test
    void aNoticeMarkedEarlierButCommittedAfterALaterOneWasPolledComesWithTheNextPage() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Order later = order("SLN");
        sweep.sweep(Instant.now());
        String laterId = noticeId(later);
        var first = PartyClient.as("SLN", port).get("/api/v1/overdue?since=" + since(before) + "&limit=500");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = JSON.readTree(first.body());
        assertThat(noticeIds(page)).contains(laterId);
        String nextLink = page.get("nextLink").asText();

        Order earlier = order("SLN");
        Instant laterMarked = jdbc.queryForObject("SELECT marked_at FROM overdue_notice WHERE delivery_id = ?",
                java.sql.Timestamp.class, later.delivery()).toInstant();
        sweep.sweep(laterMarked.minusMillis(1)); // its clock read before the other sweep's; its commit after the poll
        String earlierId = noticeId(earlier);
        assertThat(jdbc.queryForObject("SELECT marked_at FROM overdue_notice WHERE delivery_id = ?",
                java.sql.Timestamp.class, earlier.delivery()).toInstant()).isBefore(laterMarked);

        var next = PartyClient.as("SLN", port).get(nextLink);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(noticeIds(JSON.readTree(next.body()))).contains(earlierId).doesNotContain(laterId);
        assertThat(nextLink).isEqualTo("/api/v1/overdue?after=" + page.get("next").asText() + "&limit=500");
    }
}
