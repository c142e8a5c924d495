package tw.gov.aee.gateway.replies;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.operators.OperatorClient;
import tw.gov.aee.gateway.replies.ReplyIntake.ReplyOutcome;
import tw.gov.aee.gateway.simulator.SimulatedParties;

/**
 * Replies on their way to the branch (issue #6 item 4) and the quarantine's operator side (item
 * 5), with orders really sent to the simulated banks, replies sealed as the bank seals them, and
 * the branches' simulated webhook receivers checking the gateway's signature.
 */
@GatewayIntegrationTest
class ReplyRoutingIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired ReplyIntake replies;
    @Autowired DocumentIntake intake;
    @Autowired JdbcTemplate jdbc;
    @Autowired KeyRing keys;
    @Autowired SignatureVerifier verifier;
    @Autowired SimulatedParties simulator;
    @Autowired JmsTemplate jms;
    @Autowired HeldReplies held;
    @LocalServerPort int port;

    record Order(UUID id, String number, String caseNumber) { }

    static String nextNumber() {
        return "117" + String.format("%07d", 4_000_000 + SERIAL.incrementAndGet()) + "A";
    }

    /** The seizure example from {@code branch} to bank 004, under a case number of its own. */
    Order order(String branch, String number, boolean awaitReceipt) throws Exception {
        String caseNumber = "110年綜所稅執特專字第" + String.format("%08d", 10_000_000 + SERIAL.incrementAndGet()) + "號";
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                .replace("110年綜所稅執特專字第00092475號", caseNumber)
                .replace("<issuingBranch>TPE</issuingBranch>", "<issuingBranch>" + branch + "</issuingBranch>")
                .replace("<sender><code>TPE</code>", "<sender><code>" + branch + "</code>")
                .replaceAll("(?s)<recipient>.*</recipient>", "<recipient><code>004</code><kind>BANK</kind></recipient>");
        UUID id = intake.submit(branch, xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        if (awaitReceipt) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "RECEIPTED".equals(jdbc.queryForObject(
                    "SELECT state FROM delivery WHERE document_id = ? AND recipient = '004'", String.class, id)));
        }
        return new Order(id, number, caseNumber);
    }

    Order order(String branch) throws Exception {
        return order(branch, nextNumber(), true);
    }

    /** Bank 004's reply (the example: seized in part, NT$186,250) to the order, sealed for the gateway. */
    byte[] reply(String replyId, String branch, String answersId, String answersNumber, String signer) throws Exception {
        String xml = Files.readString(Path.of("schemas/examples/valid/seizure-reply.xml"))
                .replace("8d1e6b3a-27f4-4c09-9e5b-1a6c0f3d7b42", replyId)
                .replace("3f2b8c4e-9a61-4d7e-b0c5-7e21d94a6f13", answersId)
                .replace("1100295393A", answersNumber)
                .replace("<issuingBranch>TPE</issuingBranch>", "<issuingBranch>" + branch + "</issuingBranch>")
                .replace("<recipient><code>TPE</code>", "<recipient><code>" + branch + "</code>");
        return CmsEnvelope.seal(xml.getBytes(StandardCharsets.UTF_8), new CmsSigner(SamplePki.key(signer, "signing")),
                List.of(keys.archiveCertificate()));
    }

    String accept(Order o, String branch) throws Exception {
        String id = UUID.randomUUID().toString();
        ReplyOutcome outcome = replies.accept("SOAP", "004", id, reply(id, branch, o.id().toString(), o.number(), "004"));
        assertThat(outcome.accepted()).as("reply accepted: %s", outcome.errorCode()).isTrue();
        return id;
    }

    String routingState(String replyId) {
        List<String> s = jdbc.queryForList("SELECT state FROM reply_routing WHERE bank = '004' AND reply_id = ?", String.class,
                replyId);
        return s.isEmpty() ? null : s.get(0);
    }

    static List<String> replyIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("replies").forEach(r -> ids.add(r.get("replyId").asText()));
        return ids;
    }

    @Nested
    class ToTheBranch {

        @Test
        void aReplyReachesTheWebhookSignedByTheGatewayAndIsPolledAndShownInTheCaseForItsBranchOnly() throws Exception {
            Instant before = Instant.now().minusSeconds(1);
            Order o = order("TPE");
            String id = accept(o, "TPE");

            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.branchWebhooks().replyIds("TPE").contains(id));
            // the branch has it; the router records DELIVERED once the webhook call returns
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(routingState(id)).isEqualTo("DELIVERED"));
            byte[] body = simulator.branchWebhooks().body("TPE", id);
            JsonNode notice = JSON.readTree(body);
            assertThat(notice.get("kind").asText()).isEqualTo("REPLY");
            assertThat(notice.get("replyId").asText()).isEqualTo(id);
            assertThat(notice.get("orderId").asText()).isEqualTo(o.id().toString());
            assertThat(notice.get("orderDocumentNumber").asText()).isEqualTo(o.number());
            assertThat(notice.get("caseNumber").asText()).isEqualTo(o.caseNumber());
            assertThat(notice.get("result").asText()).isEqualTo("SEIZED_IN_PART");
            assertThat(notice.get("totalSeized").asLong()).isEqualTo(186250);
            assertThat(notice.get("accounts").get(0).get("maskedAccountNumber").asText()).isEqualTo("003004****56");
            assertThat(notice.get("welfareFlagged").asBoolean()).isFalse();
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("A123456789");

            String since = URLEncoder.encode(before.toString(), StandardCharsets.UTF_8);
            var tpe = PartyClient.as("TPE", port).get("/api/v1/replies?since=" + since + "&limit=500");
            assertThat(tpe.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(tpe.body());
            assertThat(replyIds(page)).contains(id);
            page.get("replies").forEach(r -> assertThat(r.get("branch").asText()).isEqualTo("TPE"));
            var ntp = PartyClient.as("NTP", port).get("/api/v1/replies?since=" + since + "&limit=500");
            assertThat(ntp.statusCode()).isEqualTo(200);
            assertThat(replyIds(JSON.readTree(ntp.body()))).doesNotContain(id);
            assertThat(PartyClient.as("004", port).get("/api/v1/replies?since=" + since).statusCode()).isEqualTo(403);
            assertThat(PartyClient.as("TPE", port).get("/api/v1/replies?since=yesterday").statusCode()).isEqualTo(400);
            assertThat(PartyClient.as("TPE", port).get("/api/v1/replies").statusCode()).isEqualTo(400);

            String next = JSON.readTree(PartyClient.as("TPE", port).get("/api/v1/replies?since="
                    + URLEncoder.encode(notice.get("receivedAt").asText(), StandardCharsets.UTF_8)).body()).toString();
            assertThat(next).doesNotContain(id);

            var caseView = PartyClient.as("TPE", port).get("/api/v1/cases/"
                    + URLEncoder.encode(o.caseNumber(), StandardCharsets.UTF_8).replace("+", "%20"));
            assertThat(caseView.statusCode()).isEqualTo(200);
            JsonNode c = JSON.readTree(caseView.body());
            assertThat(c.get("replies")).hasSize(1);
            assertThat(c.get("replies").get(0).get("bank").asText()).isEqualTo("004");
            assertThat(c.get("replies").get(0).get("amountSeized").asLong()).isEqualTo(186250);
            assertThat(c.get("replies").get(0).get("result").asText()).isEqualTo("SEIZED_IN_PART");
            assertThat(c.get("seizure").get(0).get("ceiling").asLong()).isEqualTo(1294716);
            assertThat(c.get("seizure").get(0).get("totalSeized").asLong()).isEqualTo(186250);
            assertThat(c.get("seizure").get(0).get("excess").asLong()).isZero();
            assertThat(PartyClient.as("NTP", port).get("/api/v1/cases/"
                    + URLEncoder.encode(o.caseNumber(), StandardCharsets.UTF_8).replace("+", "%20")).statusCode())
                    .isEqualTo(404);
        }

        @Test
        void aWebhookThatIsDownKeepsTheReplyPendingWithRetriesThenDeliversItWhenItIsBack() throws Exception {
            Order o = order("TXG");
            simulator.branchWebhooks().down("TXG", true);
            String id;
            try {
                id = accept(o, "TXG");
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                        "SELECT attempts FROM reply_routing WHERE bank = '004' AND reply_id = ?", Integer.class, id)
                        .stream().anyMatch(attempts -> attempts >= 2));
                assertThat(routingState(id)).isEqualTo("PENDING");
                assertThat(jdbc.queryForObject("SELECT last_error FROM reply_routing WHERE bank = '004' AND reply_id = ?",
                        String.class, id)).contains("503");
                assertThat(simulator.branchWebhooks().replyIds("TXG")).doesNotContain(id);
                // readable by polling meanwhile
                var polled = PartyClient.as("TXG", port).get("/api/v1/replies?since="
                        + URLEncoder.encode(Instant.now().minusSeconds(120).toString(), StandardCharsets.UTF_8));
                assertThat(replyIds(JSON.readTree(polled.body()))).contains(id);
            } finally {
                simulator.branchWebhooks().down("TXG", false);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(routingState(id)));
            assertThat(simulator.branchWebhooks().replyIds("TXG")).contains(id);
            assertThat(simulator.branchWebhooks().refusedCalls("TXG")).isZero();
        }

        @Test
        void aWebhookThatFailsLongerThanRetryForParksTheReplyUntilAnOperatorRetryDeliversItExactlyOnce() throws Exception {
            Order o = order("KHH");
            simulator.branchWebhooks().down("KHH", true);
            String id;
            long routing;
            try {
                id = accept(o, "KHH");
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                        "SELECT attempts FROM reply_routing WHERE bank = '004' AND reply_id = ?", Integer.class, id)
                        .stream().anyMatch(attempts -> attempts >= 1));
                routing = jdbc.queryForObject("SELECT id FROM reply_routing WHERE bank = '004' AND reply_id = ?",
                        Long.class, id);
                assertThat(routingState(id)).isEqualTo("PENDING");
                // The shared context keeps the production gateway.webhook.retry-for (24 h): the retry test
                // above needs PENDING across several failures. So time is moved instead, as
                // OverdueSweep.sweep(Instant) moves it: the first attempt now lies 24 h and a minute back,
                // and the router's next failing attempt finds the retry period over.
                jdbc.update("UPDATE reply_routing SET first_attempt_at = ? WHERE id = ? AND state = 'PENDING'",
                        java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(24)).minus(Duration.ofMinutes(1))),
                        routing);
                await().atMost(Duration.ofSeconds(30)).until(() -> "PARKED".equals(routingState(id)));
                int parkedAttempts = jdbc.queryForObject("SELECT attempts FROM reply_routing WHERE id = ?", Integer.class,
                        routing);
                assertThat(jdbc.queryForObject("SELECT last_error FROM reply_routing WHERE id = ?", String.class, routing))
                        .contains("503");
                assertThat(jdbc.queryForObject("SELECT next_attempt_at FROM reply_routing WHERE id = ?",
                        java.sql.Timestamp.class, routing)).isNull();
                List<String> parkedAudit = jdbc.queryForList("SELECT detail FROM audit_entry"
                        + " WHERE action = 'reply-routing-parked' AND document_id = ?", String.class, o.id().toString());
                assertThat(parkedAudit).hasSize(1);
                assertThat(parkedAudit.get(0)).contains(id).contains("KHH").contains("parked after PT24H").contains("503");
                // parked means no more attempts, whatever deferred message was still on its way
                await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> "PARKED".equals(routingState(id))
                        && jdbc.queryForObject("SELECT attempts FROM reply_routing WHERE id = ?", Integer.class, routing)
                        == parkedAttempts);

                // Operators see it parked; the branch can still read the reply by polling.
                JsonNode parked = JSON.readTree(OperatorClient.as("ops-viewer", "sample-ops-viewer", port)
                        .get("/api/ops/reply-routing?state=PARKED").body());
                JsonNode mine = null;
                for (JsonNode r : parked) {
                    if (r.get("id").asLong() == routing) {
                        mine = r;
                    }
                }
                assertThat(mine).isNotNull();
                assertThat(mine.get("replyId").asText()).isEqualTo(id);
                assertThat(mine.get("branch").asText()).isEqualTo("KHH");
                assertThat(mine.get("state").asText()).isEqualTo("PARKED");
                assertThat(mine.get("lastError").asText()).contains("503");
                var polled = PartyClient.as("KHH", port).get("/api/v1/replies?since="
                        + URLEncoder.encode(Instant.now().minusSeconds(120).toString(), StandardCharsets.UTF_8));
                assertThat(replyIds(JSON.readTree(polled.body()))).contains(id);
            } finally {
                simulator.branchWebhooks().down("KHH", false);
            }
            // healed, the branch still gets nothing until an operator acts
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> "PARKED".equals(routingState(id)));
            assertThat(simulator.branchWebhooks().calls("KHH", id)).isZero();
            assertThat(simulator.branchWebhooks().replyIds("KHH")).doesNotContain(id);

            var operator = OperatorClient.as("ops-operator", "sample-ops-operator", port);
            var retried = operator.post("/api/ops/reply-routing/" + routing + "/retry", "{}");
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(retried.body()).get("state").asText()).isIn("PENDING", "DELIVERED");
            assertThat(jdbc.queryForList("SELECT actor FROM audit_entry WHERE action = 'reply-routing-retried'"
                    + " AND detail LIKE ?", String.class, "%" + id + "%")).containsExactly("ops-operator");

            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(routingState(id)));
            assertThat(simulator.branchWebhooks().replyIds("KHH")).contains(id);
            assertThat(JSON.readTree(simulator.branchWebhooks().body("KHH", id)).get("replyId").asText()).isEqualTo(id);
            // exactly once: one correctly signed call carried it, and no more come
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    simulator.branchWebhooks().calls("KHH", id) == 1);
            assertThat(simulator.branchWebhooks().refusedCalls("KHH")).isZero();
            assertThat(jdbc.queryForObject("SELECT attempts FROM reply_routing WHERE id = ?", Integer.class, routing))
                    .isEqualTo(1);
            List<String> routed = jdbc.queryForList("SELECT detail FROM audit_entry WHERE action = 'reply-routed'"
                    + " AND document_id = ?", String.class, o.id().toString());
            assertThat(routed).hasSize(1);
            assertThat(routed.get(0)).contains(id).contains("KHH").contains("webhook answered 204");
            assertThat(operator.post("/api/ops/reply-routing/" + routing + "/retry", "{}").statusCode()).isEqualTo(409);
        }

        @Test
        void aBrokerBranchGetsTheSignedReplyOnItsRepliesAddress() throws Exception {
            Order o = order("TYN");
            String id = accept(o, "TYN");
            // browsed, not consumed: the message stays for the branch
            java.util.concurrent.atomic.AtomicReference<Message> found = new java.util.concurrent.atomic.AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                found.set(jms.browseSelected("branch.TYN.replies", "replyId = '" + id + "'",
                        (session, browser) -> browser.getEnumeration().hasMoreElements()
                                ? (Message) browser.getEnumeration().nextElement() : null));
                return found.get() != null;
            });
            Message m = found.get();
            assertThat(m.getStringProperty("noticeKind")).isEqualTo("REPLY");
            assertThat(m.getStringProperty("noticeId")).isEqualTo(id);
            byte[] body = ((TextMessage) m).getText().getBytes(StandardCharsets.UTF_8);
            assertThat(JSON.readTree(body).get("replyId").asText()).isEqualTo(id);
            SignatureVerifier.VerifiedContent v = verifier.verifyDetached(
                    Base64.getDecoder().decode(m.getStringProperty("gatewaySignature")), body, Instant.now());
            assertThat(v.signer()).isEqualTo(keys.gatewaySigner().key().certificate());
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(routingState(id)));
        }

        @Test
        void aPollingBranchsReplyIsRoutedWithoutAPushAndPolled() throws Exception {
            Order o = order("SLN");
            String id = accept(o, "SLN");
            // Routed in the transaction that stored it: DELIVERED at once, audited, no message to route-reply.
            assertThat(routingState(id)).isEqualTo("DELIVERED");
            assertThat(jdbc.queryForObject("SELECT transport FROM reply_routing WHERE bank = '004' AND reply_id = ?",
                    String.class, id)).isEqualTo("POLLING");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox o JOIN reply r ON r.delivery_id = o.delivery_id"
                    + " WHERE r.bank = '004' AND r.id = ? AND o.destination = 'reply'", Integer.class, id)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE action = 'reply-routed' AND detail LIKE ?",
                    Integer.class, "reply " + id + " of 004 to branch SLN: nothing to push%")).isEqualTo(1);
            var polled = PartyClient.as("SLN", port).get("/api/v1/replies?since="
                    + URLEncoder.encode(Instant.now().minusSeconds(120).toString(), StandardCharsets.UTF_8));
            assertThat(replyIds(JSON.readTree(polled.body()))).contains(id);
        }

        @Test
        void onlyAParkedRoutingCanBeRetriedAndOnlyByAnOperator() throws Exception {
            Order o = order("SLN");
            String id = accept(o, "SLN");
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(routingState(id)));
            long routing = jdbc.queryForObject("SELECT id FROM reply_routing WHERE bank = '004' AND reply_id = ?", Long.class, id);
            var viewer = OperatorClient.as("ops-viewer", "sample-ops-viewer", port);
            assertThat(viewer.get("/api/ops/reply-routing?state=DELIVERED").body()).contains(id);
            assertThat(viewer.post("/api/ops/reply-routing/" + routing + "/retry", "{}").statusCode()).isEqualTo(403);
            var operator = OperatorClient.as("ops-operator", "sample-ops-operator", port);
            assertThat(operator.post("/api/ops/reply-routing/" + routing + "/retry", "{}").statusCode()).isEqualTo(409);
        }
    }

    @Nested
    class PollingCursor {

        JsonNode poll(String branch, String pathAndQuery) throws Exception {
            var r = PartyClient.as(branch, port).get(pathAndQuery);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        Instant receivedAt(String replyId) {
            return jdbc.queryForObject("SELECT received_at FROM reply WHERE bank = '004' AND id = ?", java.sql.Timestamp.class,
                    replyId).toInstant();
        }

        /** The benchmark's lost reply: stamped first, committed after a later reply was already polled. */
        @Test
        void aReplyReceivedEarlierButCommittedAfterALaterOneWasPolledComesWithTheNextPage() throws Exception {
            Instant before = Instant.now().minusSeconds(1);
            Order first = order("SLN");
            Order second = order("SLN");
            String earlier = UUID.randomUUID().toString();
            byte[] earlierEnvelope = reply(earlier, "SLN", first.id().toString(), first.number(), "004");
            HeldReplies.Hold hold = held.hold(earlier);
            ExecutorService bank = Executors.newSingleThreadExecutor();
            try {
                Future<ReplyOutcome> earlierOutcome = bank.submit(() -> replies.accept("SOAP", "004", earlier, earlierEnvelope));
                String nextLink;
                String later;
                try {
                    hold.awaitHeld(); // received (stamped) and verified, nothing written yet
                    later = accept(second, "SLN");
                    JsonNode page = poll("SLN", "/api/v1/replies?since="
                            + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8) + "&limit=500");
                    assertThat(replyIds(page)).contains(later).doesNotContain(earlier);
                    nextLink = page.get("nextLink").asText();
                } finally {
                    hold.release();
                }
                assertThat(earlierOutcome.get(60, TimeUnit.SECONDS).accepted()).isTrue();
                assertThat(receivedAt(earlier)).isBefore(receivedAt(later));

                JsonNode next = poll("SLN", nextLink);
                assertThat(replyIds(next)).contains(earlier).doesNotContain(later);
            } finally {
                hold.release();
                // never shutdownNow: interrupting a thread inside H2's file I/O closes the shared database
                bank.shutdown();
                assertThat(bank.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }

        @Test
        void anEmptyPageGivesACursorAfterWhichTheNextReplyComes() throws Exception {
            Order o = order("SLN");
            JsonNode empty = poll("SLN", "/api/v1/replies?since="
                    + URLEncoder.encode(Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8));
            assertThat(empty.get("replies")).isEmpty();
            String id = accept(o, "SLN");
            assertThat(empty.get("nextLink").asText()).isEqualTo("/api/v1/replies?after=" + empty.get("next").asText()
                    + "&limit=100");
            JsonNode page = poll("SLN", empty.get("nextLink").asText());
            assertThat(replyIds(page)).contains(id);
            // the last page's cursor again: nothing new, the same cursor back
            JsonNode again = poll("SLN", "/api/v1/replies?after=" + page.get("next").asText());
            assertThat(again.get("replies")).isEmpty();
            assertThat(again.get("next").asText()).isEqualTo(page.get("next").asText());
            // a client written for the time cursor passes next back as since: it continues after the cursor
            assertThat(replyIds(poll("SLN", "/api/v1/replies?since=" + empty.get("next").asText()))).contains(id);
        }

        @Test
        void aCursorThatIsNotOneOrTogetherWithSinceIsRefused() throws Exception {
            var sln = PartyClient.as("SLN", port);
            assertThat(sln.get("/api/v1/replies?after=yesterday").statusCode()).isEqualTo(400);
            assertThat(sln.get("/api/v1/replies?after=-1").statusCode()).isEqualTo(400);
            assertThat(sln.get("/api/v1/replies?after=1&since=2026-03-08T10:00:00Z").statusCode()).isEqualTo(400);
            assertThat(sln.get("/api/v1/overdue?after=1e3").statusCode()).isEqualTo(400);
            assertThat(sln.get("/api/v1/overdue?after=0").statusCode()).isEqualTo(200);
            assertThat(PartyClient.as("004", port).get("/api/v1/replies?after=0").statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class QuarantineForOperators {

        OperatorClient viewer;
        OperatorClient operator;

        @org.junit.jupiter.api.BeforeEach
        void operators() {
            viewer = OperatorClient.as("ops-viewer", "sample-ops-viewer", port);
            operator = OperatorClient.as("ops-operator", "sample-ops-operator", port);
        }

        long quarantineId(String replyId) {
            return jdbc.queryForObject("SELECT id FROM quarantine WHERE party = '004' AND reply_id = ?", Long.class, replyId);
        }

        @Test
        void aReplyToAnOrderNotYetSubmittedIsReleasedOnceTheOrderIsThere() throws Exception {
            String number = nextNumber();
            String id = UUID.randomUUID().toString();
            ReplyOutcome o = replies.accept("SOAP", "004", id, reply(id, "TPE", UUID.randomUUID().toString(), number, "004"));
            assertThat(o.errorCode()).isEqualTo("unknown-order");
            long q = quarantineId(id);

            var list = viewer.get("/api/ops/quarantine?state=HELD");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).contains(id);
            assertThat(viewer.get("/api/ops/quarantine?state=LOST").statusCode()).isEqualTo(422);
            var inspect = viewer.get("/api/ops/quarantine/" + q);
            assertThat(inspect.statusCode()).isEqualTo(200);
            JsonNode i = JSON.readTree(inspect.body());
            assertThat(i.get("item").get("reason").asText()).isEqualTo("unknown-order");
            assertThat(i.get("item").get("party").asText()).isEqualTo("004");
            assertThat(i.get("item").get("envelopeSha256").asText()).hasSize(64);
            assertThat(i.get("content").asText()).contains("SeizureReply").contains("A1******89").doesNotContain("A123456789");

            assertThat(viewer.post("/api/ops/quarantine/" + q + "/release", "{}").statusCode()).isEqualTo(403);
            var early = operator.post("/api/ops/quarantine/" + q + "/release", "{}");
            assertThat(early.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(early.body()).get("state").asText()).isEqualTo("HELD");

            Order order = order("TPE", number, true);
            var released = operator.post("/api/ops/quarantine/" + q + "/release", "{}");
            assertThat(released.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(released.body()).get("state").asText()).isEqualTo("RELEASED");
            assertThat(JSON.readTree(released.body()).get("decidedBy").asText()).isEqualTo("ops-operator");
            assertThat(jdbc.queryForObject("SELECT order_id FROM reply WHERE bank = '004' AND id = ?", UUID.class, id))
                    .isEqualTo(order.id());
            await().atMost(Duration.ofSeconds(30)).until(() -> simulator.branchWebhooks().replyIds("TPE").contains(id));
            assertThat(operator.post("/api/ops/quarantine/" + q + "/release", "{}").statusCode()).isEqualTo(409);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor = 'ops-operator'"
                    + " AND action = 'quarantine-released' AND detail LIKE ?", Integer.class, "quarantine " + q + ":%")).isEqualTo(1);
        }

        @Test
        void aForgedReplyIsRejectedWithANoteAndItsContentIsShownOnlyMasked() throws Exception {
            Order order = order("TPE");
            String id = UUID.randomUUID().toString();
            ReplyOutcome o = replies.accept("SOAP", "004", id, reply(id, "TPE", order.id().toString(), order.number(), "007"));
            assertThat(o.errorCode()).isEqualTo("wrong-signer");
            long q = quarantineId(id);
            assertThat(JSON.readTree(viewer.get("/api/ops/quarantine/" + q).body()).get("content").asText())
                    .doesNotContain("A123456789");
            assertThat(viewer.post("/api/ops/quarantine/" + q + "/reject", "{\"note\":\"forged\"}").statusCode()).isEqualTo(403);
            assertThat(operator.post("/api/ops/quarantine/" + q + "/reject", "{}").statusCode()).isEqualTo(422);
            var rejected = operator.post("/api/ops/quarantine/" + q + "/reject", "{\"note\":\"signed by 007, told 004\"}");
            assertThat(rejected.statusCode()).isEqualTo(200);
            JsonNode r = JSON.readTree(rejected.body());
            assertThat(r.get("state").asText()).isEqualTo("REJECTED");
            assertThat(r.get("decisionNote").asText()).isEqualTo("signed by 007, told 004");
            assertThat(operator.post("/api/ops/quarantine/" + q + "/release", "{}").statusCode()).isEqualTo(409);
            assertThat(viewer.get("/api/ops/quarantine/999999999").statusCode()).isEqualTo(404);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry WHERE actor = 'ops-operator'"
                    + " AND action = 'quarantine-rejected' AND detail LIKE ?", Integer.class, "quarantine " + q + ":%")).isEqualTo(1);
        }
    }
}
