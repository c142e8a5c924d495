package tw.gov.aee.gateway.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.MailboxClient;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.contract.v1.SeizureResult;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;
import tw.gov.aee.gateway.simulator.SimulatedReplies;
import tw.gov.aee.gateway.simulator.SimulatedReplies.SentReply;

/**
 * Seizure replies arriving through every inbound channel, sent by the simulated banks through the
 * gateway's public interfaces with their own credentials: SOAP {@code submitReply} (PUSH bank 004,
 * PULL bank 005), the broker (006 on {@code bank.006.out}) and reply files (009's inbox folder).
 * Each gateway receipt is checked at the bank: signed by the gateway, the reply's id, the digest of
 * the very envelope sent ({@link SimulatedReplies} refuses anything else).
 */
@GatewayIntegrationTest
class ReplyChannelsIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));
    static final List<String> BANKS = List.of("004", "005", "006", "009");

    @Autowired SimulatedReplies banks;
    @Autowired DocumentIntake intake;
    @Autowired JdbcTemplate jdbc;
    @Autowired KeyRing keys;
    @Autowired FileExchangeProperties files;
    @LocalServerPort int port;
    final DocumentReader reader = new DocumentReader();
    final SeizureReplyGenerator generator = new SeizureReplyGenerator();

    record Order(UUID id, EnforcementOrder order) { }

    /** A seizure order of TPE to {@code to}, delivered and receipted (PUSH, PULL, BROKER, FILE). */
    Order order(String... to) throws Exception {
        String number = "118" + String.format("%07d", 5_000_000 + SERIAL.incrementAndGet()) + "A";
        StringBuilder recipients = new StringBuilder();
        for (String bank : to) {
            recipients.append("<recipient><code>").append(bank).append("</code><kind>BANK</kind></recipient>");
        }
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                .replaceAll("(?s)<recipient>.*</recipient>", recipients.toString());
        UUID id = intake.submit("TPE", xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML).id();
        for (String bank : to) {
            String expected = "RECEIPTED"; // 009 by its receipt file
            await().atMost(Duration.ofSeconds(60)).until(() -> expected.equals(state(id, bank)));
        }
        return new Order(id, reader.readXml(xml.getBytes(StandardCharsets.UTF_8), EnforcementOrder.class));
    }

    String state(UUID order, String bank) {
        return jdbc.queryForList("SELECT state FROM delivery WHERE document_id = ? AND recipient = ?", String.class,
                order, bank).stream().findFirst().orElse(null);
    }

    void assertAnswered(SentReply s, Order o, String channel) {
        assertThat(s.accepted()).isTrue();
        assertThat(s.channel()).isEqualTo(channel);
        assertThat(s.receipt().getDocumentId()).isEqualTo(s.replyId());
        assertThat(s.receipt().getEnvelopeSha256()).isEqualTo(CmsEnvelope.sha256Hex(s.envelope()));
        assertThat(s.receipt().getReceiver().getCode()).isEqualTo(ReceiptWriter.GATEWAY_CODE);
        assertThat(state(o.id(), s.bank())).isEqualTo("ANSWERED");
        Map<String, Object> row = jdbc.queryForMap("SELECT channel, result, order_id, envelope FROM reply WHERE bank = ?"
                + " AND id = ?", s.bank(), s.replyId());
        assertThat(row.get("channel")).isEqualTo(channel);
        assertThat(row.get("result")).isEqualTo(s.reply().getResult().name());
        assertThat(row.get("order_id")).isEqualTo(o.id());
        assertThat((byte[]) row.get("envelope")).isEqualTo(s.envelope());
    }

    @Test
    void everyResultCodeReachesTheCaseAsAnsweredThroughTheChannelsInTurn() throws Exception {
        List<SentReply> sent = new ArrayList<>();
        SeizureResult[] results = SeizureResult.values();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            orders.add(order(BANKS.get(i % BANKS.size())));
        }
        for (int i = 0; i < results.length; i++) {
            String bank = BANKS.get(i % BANKS.size());
            Order o = orders.get(i);
            SentReply s = banks.answer(bank, o.order(), o.id().toString(), Plan.of(results[i]));
            assertAnswered(s, o, switch (bank) {
                case "006" -> "BROKER";
                case "009" -> "FILE";
                default -> "SOAP";
            });
            assertThat(s.reply().getResult()).isEqualTo(results[i]);
            assertThat(s.reply().getTotalSeized()).isLessThanOrEqualTo(o.order().getAmountCeiling());
            sent.add(s);
        }
        assertThat(sent).extracting(s -> s.reply().getResult()).containsExactly(results);
    }

    @Test
    void aPushBankRepliesOverSoap() throws Exception {
        Order o = order("004");
        assertAnswered(banks.answer("004", o.order(), o.id().toString(), Plan.of(SeizureResult.SEIZED_IN_FULL)), o, "SOAP");
    }

    @Test
    void aPullBankRepliesOverSoap() throws Exception {
        Order o = order("005");
        assertAnswered(banks.answer("005", o.order(), o.id().toString(), Plan.of(SeizureResult.SEIZED_IN_PART)), o, "SOAP");
    }

    @Test
    void aBrokerBankRepliesOnItsOutAddressAndGetsTheReceiptOnItsIn() throws Exception {
        Order o = order("006");
        assertAnswered(banks.answer("006", o.order(), o.id().toString(), Plan.of(SeizureResult.NO_ACCOUNT)), o, "BROKER");
    }

    @Test
    void aFileBankDropsAReplyFileAndGetsAReceiptFileTheEnvelopeMovesToDone() throws Exception {
        Order o = order("009");
        SentReply s = banks.answer("009", o.order(), o.id().toString(), Plan.of(SeizureResult.BELOW_MINIMUM));
        assertAnswered(s, o, "FILE");
        Path inbox = files.inbox("009");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done").resolve(s.replyId() + ".p7m")));
        assertThat(Files.readAllBytes(inbox.resolve("done").resolve(s.replyId() + ".p7m"))).isEqualTo(s.envelope());
        assertThat(Files.readAllBytes(files.outbox("009").resolve(s.replyId() + ".receipt.p7s")))
                .isEqualTo(s.receiptBytes());
        assertThat(inbox.resolve(s.replyId() + ".p7m")).doesNotExist();
    }

    @Test
    void anIdenticalResendThroughSoapGetsTheSameReceiptAndIsStoredOnce() throws Exception {
        Order o = order("004");
        SentReply first = banks.answer("004", o.order(), o.id().toString(), Plan.DEFAULT);
        SentReply again = banks.sendAs("004", first.replyId(), first.envelope());
        assertThat(again.receiptBytes()).isEqualTo(first.receiptBytes());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reply WHERE bank = '004' AND id = ?", Integer.class,
                first.replyId())).isEqualTo(1);
    }

    @Test
    void automaticRepliesAnswerEverySeizureOrderABankProcessed() throws Exception {
        banks.automatic(true);
        try {
            Order o = order("004", "006");
            await().atMost(Duration.ofSeconds(60)).until(() -> "ANSWERED".equals(state(o.id(), "004"))
                    && "ANSWERED".equals(state(o.id(), "006")));
            // a bank records its reply as sent once the gateway's receipt is back (for 006: on bank.006.in)
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(banks.sent())
                    .filteredOn(s -> o.id().toString().equals(s.orderId()))
                    .extracting(SentReply::bank).containsExactlyInAnyOrder("004", "006"));
        } finally {
            banks.automatic(false);
        }
    }

    @Nested
    class Refusals {

        /** The reply {@code claimedBank} would send, sealed with {@code signer}'s key. */
        byte[] forged(Order o, String claimedBank, String signer, String replyId) {
            SeizureReply r = generator.reply(o.order(), o.id().toString(), claimedBank, Plan.of(SeizureResult.SEIZED_IN_FULL),
                    Instant.now());
            r.getHeader().setDocumentId(replyId);
            return CmsEnvelope.seal(reader.toXml(r), new CmsSigner(SamplePki.key(signer, "signing")),
                    List.of(keys.archiveCertificate()));
        }

        @Test
        void aReplyForgedByAnotherBankThroughSoapIsQuarantinedWithARejectingReceipt() throws Exception {
            Order o = order("004");
            String id = UUID.randomUUID().toString();
            SentReply s = banks.sendAs("004", id, forged(o, "004", "007", id));
            assertThat(s.accepted()).isFalse();
            assertThat(s.receipt().getErrorCode()).isEqualTo("wrong-signer");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM quarantine WHERE party = '004' AND channel = 'SOAP'"
                    + " AND reason = 'wrong-signer' AND envelope_sha256 = ?", Integer.class,
                    CmsEnvelope.sha256Hex(s.envelope()))).isEqualTo(1);
            assertThat(state(o.id(), "004")).isEqualTo("RECEIPTED");
        }

        @Test
        void aReplyFileWithAWrongSignerIsMovedToRejectedWithARejectingReceiptFile() throws Exception {
            Order o = order("009");
            String id = UUID.randomUUID().toString();
            SentReply s = banks.sendAs("009", id, forged(o, "009", "004", id));
            assertThat(s.accepted()).isFalse();
            assertThat(s.receipt().getErrorCode()).isEqualTo("wrong-signer");
            Path rejected = files.inbox("009").resolve("rejected").resolve(id + ".p7m");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(rejected));
            assertThat(Files.readAllBytes(rejected)).isEqualTo(s.envelope());
            assertThat(state(o.id(), "009")).isEqualTo("RECEIPTED");
        }

        @Test
        void aPartiallyWrittenFileIsNotTakenUntilRenamed() throws Exception {
            Order o = order("009");
            String id = UUID.randomUUID().toString();
            SeizureReply written = generator.reply(o.order(), o.id().toString(), "009", Plan.of(SeizureResult.SEIZED_IN_PART),
                    Instant.now());
            written.getHeader().setDocumentId(id);
            byte[] envelope = banks.seal("009", reader.toXml(written));
            Path inbox = files.inbox("009");
            Files.createDirectories(inbox);
            Path partial = inbox.resolve("." + id + ".p7m.tmp");
            Files.write(partial, java.util.Arrays.copyOf(envelope, envelope.length / 2));
            Path receipt = files.outbox("009").resolve(id + ".receipt.p7s");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> Files.exists(partial) && !Files.exists(receipt));
            Files.write(partial, envelope);
            Files.move(partial, inbox.resolve(id + ".p7m"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(10)).until(() -> "ANSWERED".equals(state(o.id(), "009")));
            // The receipt file is written once the reply is stored, a moment after the state shows.
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(receipt));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM quarantine WHERE reply_id = ?", Integer.class, id)).isZero();
        }

        @Test
        void anAgencyMayNotSubmitReplies() {
            assertThatThrownBy(() -> MailboxClient.as("BLI", port).submitReply(UUID.randomUUID().toString(), new byte[] {1}))
                    .isInstanceOfSatisfying(GatewayFault.class, f -> assertThat(f.getFaultInfo().getCode()).isEqualTo("forbidden"));
        }
    }
}
