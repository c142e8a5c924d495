package tw.gov.aee.gateway.revocations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.PartyClient;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.deadlines.OverdueSweep;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.operators.OperatorClient;
import tw.gov.aee.gateway.replies.ReplyIntake;
import tw.gov.aee.gateway.replies.ReplyIntake.ReplyOutcome;

/**
 * What the gateway does with accepted replies (issue #6 items 6-9), with orders really sent to the
 * simulated banks and replies sealed as the banks seal them: welfare revocations, the shared
 * ceiling, follow-up orders waiting for the seizure's answer, and the reply deadline.
 */
@GatewayIntegrationTest
class ReplyPoliciesIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));

    @Autowired ReplyIntake replies;
    @Autowired DocumentIntake intake;
    @Autowired JdbcTemplate jdbc;
    @Autowired KeyRing keys;
    @Autowired OverdueSweep sweep;
    @LocalServerPort int port;
    final DocumentReader reader = new DocumentReader();

    /** One account of a reply: amount seized and whether it is a welfare benefit. */
    record Account(String masked, long seized, boolean welfare) { }

    static String number(String suffix) {
        return "117" + String.format("%07d", 4_000_000 + SERIAL.incrementAndGet()) + suffix;
    }

    /** A seizure order of {@code branch} to {@code banks} under {@code ceiling}, accepted and receipted by the banks. */
    UUID order(String branch, String number, long ceiling, String... banks) throws Exception {
        StringBuilder to = new StringBuilder();
        for (String b : banks) {
            to.append("<recipient><code>").append(b).append("</code><kind>BANK</kind></recipient>");
        }
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                .replace("<issuingBranch>TPE</issuingBranch>", "<issuingBranch>" + branch + "</issuingBranch>")
                .replace("<sender><code>TPE</code>", "<sender><code>" + branch + "</code>")
                .replace("<amountCeiling>1294716</amountCeiling>", "<amountCeiling>" + ceiling + "</amountCeiling>")
                .replaceAll("(?s)<recipient>.*</recipient>", to.toString());
        UUID id = intake.submit(branch, xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        for (String b : banks) {
            awaitState(id, b, "RECEIPTED", "ANSWERED");
        }
        return id;
    }

    void awaitState(UUID documentId, String recipient, String... states) {
        await().atMost(Duration.ofSeconds(60)).until(() -> List.of(states).contains(state(documentId, recipient)));
    }

    String state(UUID documentId, String recipient) {
        return jdbc.queryForList("SELECT state FROM delivery WHERE document_id = ? AND recipient = ?", String.class,
                documentId, recipient).stream().findFirst().orElse(null);
    }

    /** A reply of {@code bank} to the order, sealed with the bank's signing key for the gateway. */
    ReplyOutcome reply(String bank, UUID orderId, String orderNumber, Account... accounts) {
        String id = UUID.randomUUID().toString();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<SeizureReply xmlns=\"urn:tw:gov:aee:exchange:v1\" schemaVersion=\"1.0\"><header>"
                + "<documentId>" + id + "</documentId><documentNumber>" + orderNumber + "</documentNumber>"
                + "<caseNumber>110年綜所稅執特專字第00092475號</caseNumber><issuingBranch>"
                + jdbc.queryForObject("SELECT branch FROM document WHERE id = ?", String.class, orderId) + "</issuingBranch>"
                + "<sender><code>" + bank + "</code><kind>BANK</kind></sender>"
                + "<recipient><code>TPE</code><kind>BRANCH</kind></recipient>"
                + "<issuedAt>2021-03-10T11:42:17+08:00</issuedAt></header>"
                + "<inReplyTo><documentId>" + orderId + "</documentId><documentNumber>" + orderNumber
                + "</documentNumber></inReplyTo><obligor><name>陳志明</name><nationalId>A123456789</nationalId></obligor>"
                + "<result>SEIZED_IN_FULL</result>");
        long total = 0;
        for (Account a : accounts) {
            xml.append("<account><maskedAccountNumber>").append(a.masked()).append("</maskedAccountNumber>")
                    .append("<accountType>SAVINGS_DEPOSIT</accountType><balance>").append(a.seized() + 1000)
                    .append("</balance><amountSeized>").append(a.seized()).append("</amountSeized><fee>250</fee>")
                    .append("<welfareBenefit>").append(a.welfare()).append("</welfareBenefit></account>");
            total += a.seized();
        }
        xml.append("<totalSeized>").append(total).append("</totalSeized></SeizureReply>");
        byte[] env = CmsEnvelope.seal(xml.toString().getBytes(StandardCharsets.UTF_8),
                new CmsSigner(SamplePki.key(bank, "signing")), List.of(keys.archiveCertificate()));
        ReplyOutcome o = replies.accept("SOAP", bank, id, env);
        assertThat(o.accepted()).as("reply %s from %s: %s", id, bank, o.errorCode()).isTrue();
        return o;
    }

    List<Map<String, Object>> drafts(UUID orderId) {
        return jdbc.queryForList("SELECT * FROM drafted_revocation WHERE order_id = ? ORDER BY id", orderId);
    }

    SeizureRevocation revocation(Map<String, Object> draft) {
        return reader.readXml((byte[]) draft.get("xml"), SeizureRevocation.class);
    }

    @Test
    void aWelfareFlaggedReplyProducesARevocationThatIsDeliveredAndReceiptedAtOnceForAnAutoBranch() throws Exception {
        String number = number("A");
        UUID orderId = order("TPE", number, 1_294_716, "004");
        reply("004", orderId, number, new Account("003004****56", 186_250, false), new Account("003031****02", 7_256, true));

        List<Map<String, Object>> drafts = drafts(orderId);
        assertThat(drafts).hasSize(1);
        Map<String, Object> d = drafts.get(0);
        assertThat(d.get("state")).isEqualTo("SUBMITTED");
        assertThat(d.get("reason")).isEqualTo("WELFARE_EXEMPT");
        assertThat((String) d.get("document_number")).matches("11498[0-9]{5}K");
        SeizureRevocation r = revocation(d);
        assertThat(r.getReason().name()).isEqualTo("WELFARE_EXEMPT");
        assertThat(r.getScope().name()).isEqualTo("PARTIAL");
        assertThat(r.getRevokes().getDocumentNumber()).isEqualTo(number);
        assertThat(r.getRevokes().getDocumentId()).isEqualTo(orderId.toString());
        assertThat(r.getAccount()).singleElement().satisfies(a -> {
            assertThat(a.getAccountNumber()).isEqualTo("003031****02");
            assertThat(a.getAmountReleased()).isEqualTo(7_256);
        });
        assertThat(r.getHeader().getRecipient()).singleElement().satisfies(p -> assertThat(p.getCode()).isEqualTo("004"));
        assertThat(r.getHeader().getCopyTo()).extracting(p -> p.getCode()).contains("NTBT", "NHIA");

        UUID revocationId = (UUID) d.get("document_id");
        awaitState(revocationId, "004", "RECEIPTED");
        // The case shows the reply, the revocation and the bank's receipt for it.
        JsonNode doc = PartyClient.json(PartyClient.as("TPE", port).get("/api/v1/documents/" + revocationId));
        assertThat(doc.toString()).contains("RECEIPTED").contains((String) d.get("document_number"));
    }

    @Test
    void aManualApprovalBranchKeepsTheDraftUntilApprovedThenItIsDelivered() throws Exception {
        String number = number("A");
        UUID orderId = order("SLN", number, 1_294_716, "007");
        reply("007", orderId, number, new Account("700100****11", 5_000, true));

        Map<String, Object> d = drafts(orderId).get(0);
        assertThat(d.get("state")).isEqualTo("PENDING_APPROVAL");
        assertThat(d.get("document_id")).isNull();
        long id = (Long) d.get("id");

        PartyClient sln = PartyClient.as("SLN", port);
        JsonNode pending = PartyClient.json(sln.get("/api/v1/revocations?state=PENDING_APPROVAL"));
        assertThat(pending.findValues("id")).extracting(JsonNode::asLong).contains(id);
        assertThat(PartyClient.as("TPE", port).post("/api/v1/revocations/" + id + "/approve", "application/json", "")
                .statusCode()).isEqualTo(404);

        var approved = sln.post("/api/v1/revocations/" + id + "/approve", "application/json", "");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(PartyClient.json(approved).get("state").asText()).isEqualTo("SUBMITTED");
        assertThat(sln.post("/api/v1/revocations/" + id + "/approve", "application/json", "").statusCode())
                .isEqualTo(409);
        assertThat(sln.post("/api/v1/revocations/" + id + "/discard", "application/json", "").statusCode())
                .isEqualTo(409);
        UUID revocationId = UUID.fromString(PartyClient.json(approved).get("documentId").asText());
        awaitState(revocationId, "007", "RECEIPTED");
    }

    @Test
    void repliesFromThreeBanksOverTheCeilingProduceOnePartialRevocationOfExactlyTheExcessToTheLastBank()
            throws Exception {
        String number = number("A");
        UUID orderId = order("TPE", number, 100_000, "004", "007", "008");
        reply("004", orderId, number, new Account("004000****01", 50_000, false));
        reply("007", orderId, number, new Account("007000****01", 40_000, false));
        assertThat(drafts(orderId)).isEmpty();
        reply("008", orderId, number, new Account("008000****01", 12_000, false), new Account("008000****02", 18_000, false));

        List<Map<String, Object>> drafts = drafts(orderId);
        assertThat(drafts).hasSize(1);
        Map<String, Object> d = drafts.get(0);
        assertThat(d.get("bank")).isEqualTo("008");
        assertThat(d.get("reason")).isEqualTo("CEILING");
        assertThat(d.get("amount")).isEqualTo(20_000L);
        SeizureRevocation r = revocation(d);
        assertThat(r.getReason().name()).isEqualTo("OTHER");
        assertThat(r.getReasonDetail()).startsWith("超過執行金額上限，撤銷超額扣押");
        // Largest account first: 18,000 from ****02, the remaining 2,000 from ****01.
        assertThat(r.getAccount()).extracting(a -> a.getAccountNumber() + "=" + a.getAmountReleased())
                .containsExactly("008000****02=18000", "008000****01=2000");
        awaitState((UUID) d.get("document_id"), "008", "RECEIPTED");

        // A further reply that seizes nothing drafts nothing more.
        reply("004", orderId, number, new Account("004000****09", 0, false));
        assertThat(drafts(orderId)).hasSize(1);
    }

    /** The order's drafts that are not discarded, as "bank=amount", in draft order. */
    List<String> liveDrafts(UUID orderId) {
        return drafts(orderId).stream().filter(d -> !"DISCARDED".equals(d.get("state")))
                .map(d -> d.get("bank") + "=" + d.get("amount")).toList();
    }

    /** The case view's running total of one order of the case, as the branch reads it. */
    JsonNode seizureTotal(String branch, UUID orderId) throws Exception {
        JsonNode c = PartyClient.json(PartyClient.as(branch, port).get("/api/v1/cases/"
                + java.net.URLEncoder.encode("110年綜所稅執特專字第00092475號", StandardCharsets.UTF_8).replace("+", "%20")));
        for (JsonNode s : c.get("seizure")) {
            if (orderId.toString().equals(s.get("orderId").asText())) {
                return s;
            }
        }
        throw new AssertionError("order " + orderId + " not in the case view: " + c);
    }

    @Test
    void eachReplyThatPushesTheTotalOverTheCeilingRevokesItsOwnShareSoTheBanksThatSeizedLastGiveBackExactlyTheExcess()
            throws Exception {
        String number = number("A");
        UUID orderId = order("TPE", number, 100_000, "004", "007", "008");
        reply("004", orderId, number, new Account("004000****01", 90_000, false));
        assertThat(drafts(orderId)).isEmpty();
        ReplyOutcome b = reply("007", orderId, number, new Account("007000****01", 30_000, false));
        assertThat(liveDrafts(orderId)).containsExactly("007=20000");
        ReplyOutcome c = reply("008", orderId, number, new Account("008000****01", 20_000, false));

        // 90,000 + 30,000 + 20,000 = 140,000 against 100,000: 40,000 revoked, 20,000 each from the
        // two banks that seized last; the first bank keeps its 90,000.
        List<Map<String, Object>> drafts = drafts(orderId);
        assertThat(liveDrafts(orderId)).containsExactly("007=20000", "008=20000");
        assertThat(drafts).extracting(d -> d.get("bank")).doesNotContain("004");
        assertThat(drafts.stream().mapToLong(d -> (Long) d.get("amount")).sum()).isEqualTo(140_000 - 100_000);
        assertThat(drafts).extracting(d -> d.get("source_reply_id") + "<-" + d.get("trigger_reply_id"))
                .containsExactly(b.replyId() + "<-" + b.replyId(), c.replyId() + "<-" + c.replyId());
        assertThat(drafts).allSatisfy(d -> {
            assertThat(d.get("reason")).isEqualTo("CEILING");
            assertThat(d.get("state")).isEqualTo("SUBMITTED");
        });
        assertThat(revocation(drafts.get(0)).getAccount()).extracting(a -> a.getAccountNumber() + "=" + a.getAmountReleased())
                .containsExactly("007000****01=20000");
        assertThat(revocation(drafts.get(1)).getAccount()).extracting(a -> a.getAccountNumber() + "=" + a.getAmountReleased())
                .containsExactly("008000****01=20000");
        assertThat(revocation(drafts.get(1)).getReasonDetail())
                .contains("執行金額上限新臺幣100,000元").contains("合計扣押新臺幣120,000元").contains("本件撤銷新臺幣20,000元");
        awaitState((UUID) drafts.get(0).get("document_id"), "007", "RECEIPTED");
        awaitState((UUID) drafts.get(1).get("document_id"), "008", "RECEIPTED");

        JsonNode total = seizureTotal("TPE", orderId);
        assertThat(total.get("ceiling").asLong()).isEqualTo(100_000);
        assertThat(total.get("totalSeized").asLong()).isEqualTo(140_000);
        assertThat(total.get("excess").asLong()).isEqualTo(40_000);
    }

    @Test
    void anExcessLargerThanTheLastBanksSeizureSpillsBackToTheBankThatSeizedBeforeItAndNeverToTheFirst()
            throws Exception {
        // SLN approves revocations itself, and discards the first one: that excess stays seized
        // until the next reply, whose bank then froze less than the whole excess.
        String number = number("A");
        UUID orderId = order("SLN", number, 100_000, "004", "007", "008");
        reply("004", orderId, number, new Account("004000****01", 60_000, false), new Account("004000****02", 30_000, false));
        ReplyOutcome b = reply("007", orderId, number, new Account("007000****01", 25_000, false),
                new Account("007000****02", 5_000, false));
        List<Map<String, Object>> first = drafts(orderId);
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.get("bank")).isEqualTo("007");
            assertThat(d.get("amount")).isEqualTo(20_000L);
            assertThat(d.get("state")).isEqualTo("PENDING_APPROVAL");
        });
        PartyClient sln = PartyClient.as("SLN", port);
        assertThat(sln.post("/api/v1/revocations/" + first.get(0).get("id") + "/discard", "application/json", "")
                .statusCode()).isEqualTo(200);

        ReplyOutcome c = reply("008", orderId, number, new Account("008000****01", 20_000, false));

        // 140,000 seized, nothing released, ceiling 100,000: the excess is 40,000. Bank 008, whose
        // reply pushed the total over, gives back all it froze (20,000); the other 20,000 spills
        // back to 007, which seized before it, largest account first; 004 is untouched.
        List<Map<String, Object>> live = drafts(orderId).stream().filter(d -> !"DISCARDED".equals(d.get("state"))).toList();
        assertThat(live).extracting(d -> d.get("bank") + "=" + d.get("amount")).containsExactly("008=20000", "007=20000");
        assertThat(live.stream().mapToLong(d -> (Long) d.get("amount")).sum()).isEqualTo(140_000 - 100_000);
        assertThat(drafts(orderId)).extracting(d -> d.get("bank")).doesNotContain("004");
        assertThat(live).extracting(d -> d.get("source_reply_id") + "<-" + d.get("trigger_reply_id"))
                .containsExactly(c.replyId() + "<-" + c.replyId(), b.replyId() + "<-" + c.replyId());
        assertThat(live).allSatisfy(d -> {
            assertThat(d.get("reason")).isEqualTo("CEILING");
            assertThat(d.get("state")).isEqualTo("PENDING_APPROVAL");
            assertThat(revocation(d).getReasonDetail()).contains("執行金額上限新臺幣100,000元")
                    .contains("合計扣押新臺幣140,000元").contains("本件撤銷新臺幣20,000元");
        });
        assertThat(revocation(live.get(0)).getAccount()).extracting(a -> a.getAccountNumber() + "=" + a.getAmountReleased())
                .containsExactly("008000****01=20000");
        assertThat(revocation(live.get(1)).getAccount()).extracting(a -> a.getAccountNumber() + "=" + a.getAmountReleased())
                .containsExactly("007000****01=20000");
        assertThat(revocation(live.get(1)).getHeader().getRecipient()).singleElement()
                .satisfies(p -> assertThat(p.getCode()).isEqualTo("007"));

        // Approved, each reaches its bank.
        for (Map<String, Object> d : live) {
            var approved = sln.post("/api/v1/revocations/" + d.get("id") + "/approve", "application/json", "");
            assertThat(approved.statusCode()).isEqualTo(200);
            awaitState(UUID.fromString(PartyClient.json(approved).get("documentId").asText()), (String) d.get("bank"),
                    "RECEIPTED");
        }
        // Nothing more is owed: a further empty reply drafts nothing.
        reply("004", orderId, number, new Account("004000****09", 0, false));
        assertThat(drafts(orderId)).hasSize(3);
    }

    @Test
    void aCollectionOrderSubmittedBeforeItsSeizuresReplyIsDeliveredOnlyAfterThatReply() throws Exception {
        String seizure = number("A");
        String bank = "013";
        UUID seizureId = order("TPE", seizure, 1_294_716, bank);
        String collection = Files.readString(Path.of("schemas/examples/valid/enforcement-order-collection.xml"))
                .replace("1100318827X", number("X"))
                .replace("1100295393A", seizure)
                .replace("3f2b8c4e-9a61-4d7e-b0c5-7e21d94a6f13", seizureId.toString())
                .replace("<recipient><code>004</code><kind>BANK</kind><institutionBranch>0037</institutionBranch></recipient>",
                        "<recipient><code>" + bank + "</code><kind>BANK</kind></recipient>");
        UUID collectionId = intake.submit("TPE", collection.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        long collectionDelivery = jdbc.queryForObject("SELECT id FROM delivery WHERE document_id = ? AND recipient = ?",
                Long.class, collectionId, bank);
        // The seizure is receipted, yet the collection waits (held) for its answer.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM delivery_event"
                + " WHERE delivery_id = ? AND detail LIKE 'waiting for order%'", Integer.class, collectionDelivery) > 0
                || "ANSWERED".equals(state(seizureId, bank)));
        if ("RECEIPTED".equals(state(seizureId, bank))) {
            assertThat(state(collectionId, bank)).isEqualTo("SIGNED");
            reply(bank, seizureId, seizure, new Account("013000****01", 10_000, false));
        }
        awaitState(collectionId, bank, "RECEIPTED", "ANSWERED");
        Timestamp answered = jdbc.queryForObject("SELECT min(e.occurred_at) FROM delivery_event e JOIN delivery d"
                + " ON d.id = e.delivery_id WHERE d.document_id = ? AND d.recipient = ? AND e.state = 'ANSWERED'",
                Timestamp.class, seizureId, bank);
        Timestamp dispatched = jdbc.queryForObject("SELECT min(occurred_at) FROM delivery_event WHERE delivery_id = ?"
                + " AND state IN ('DISPATCHED', 'DELIVERED', 'RECEIPTED')", Timestamp.class, collectionDelivery);
        assertThat(answered).isNotNull();
        assertThat(dispatched).isAfterOrEqualTo(answered);
    }

    @Test
    void anOrderPastItsDeadlineTurnsOverdueIsListedPerBankAndALateReplyStillAnswersIt() throws Exception {
        String number = number("A");
        UUID orderId = order("TPE", number, 1_294_716, "700"); // the example's replyDeadline is 2021-03-18
        assertThat(jdbc.queryForObject("SELECT reply_due FROM document WHERE id = ?", Timestamp.class, orderId).toInstant())
                .isEqualTo(Instant.parse("2021-03-18T16:00:00Z"));
        if ("RECEIPTED".equals(state(orderId, "700"))) {
            sweep.sweep(Instant.now());
            assertThat(state(orderId, "700")).isEqualTo("OVERDUE");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                    + " WHERE d.document_id = ? AND e.state = 'OVERDUE'", Integer.class, orderId)).isEqualTo(1);
            sweep.sweep(Instant.now()); // a second sweep (another node) marks nothing twice
            assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery_event e JOIN delivery d ON d.id = e.delivery_id"
                    + " WHERE d.document_id = ? AND e.state = 'OVERDUE'", Integer.class, orderId)).isEqualTo(1);

            var listed = OperatorClient.as("ops-viewer", "sample-ops-viewer", port).get("/api/ops/overdue");
            assertThat(listed.statusCode()).isEqualTo(200);
            JsonNode bank700 = null;
            for (JsonNode b : PartyClient.json(listed)) {
                if ("700".equals(b.get("bank").asText())) {
                    bank700 = b;
                }
            }
            assertThat(bank700).isNotNull();
            assertThat(bank700.get("deliveries").findValues("documentNumber")).extracting(JsonNode::asText).contains(number);
            JsonNode doc = PartyClient.json(PartyClient.as("TPE", port).get("/api/v1/documents/" + orderId));
            assertThat(doc.toString()).contains("OVERDUE");
        }
        reply("700", orderId, number, new Account("700000****01", 1_000, false));
        assertThat(state(orderId, "700")).isEqualTo("ANSWERED");
    }

    @Test
    void anOrderWithoutItsOwnDeadlineIsDueAfterTheConfiguredDefault() throws Exception {
        String number = number("A");
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number).replace("<replyDeadline>2021-03-18</replyDeadline>", "");
        Instant before = Instant.now();
        UUID id = intake.submit("TPE", xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        Instant due = jdbc.queryForObject("SELECT reply_due FROM document WHERE id = ?", Timestamp.class, id).toInstant();
        assertThat(due).isBetween(before.plus(Duration.ofDays(10)), Instant.now().plus(Duration.ofDays(10)));
    }
}
