package tw.gov.aee.gateway.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import tw.gov.aee.gateway.GatewayIntegrationTest;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.replies.ReplyIntake.ReplyOutcome;

/**
 * The reply flow's checks, with replies sealed exactly as a bank seals them (its own signing key,
 * encrypted for the gateway) and an order really sent to the simulated banks first.
 */
@GatewayIntegrationTest
class ReplyIntakeIT {

    static final AtomicInteger SERIAL = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 1_000_000));

    @Autowired ReplyIntake replies;
    @Autowired DocumentIntake intake;
    @Autowired JdbcTemplate jdbc;
    @Autowired KeyRing keys;
    @Autowired SignatureVerifier verifier;
    final DocumentReader reader = new DocumentReader();

    String orderNumber;
    UUID orderId;

    @BeforeEach
    void anOrderToBanks004And007() throws Exception {
        orderNumber = "118" + String.format("%07d", 3_000_000 + SERIAL.incrementAndGet()) + "A";
        String xml = Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", orderNumber)
                .replaceAll("(?s)<recipient>.*</recipient>", "<recipient><code>004</code><kind>BANK</kind></recipient>"
                        + "<recipient><code>007</code><kind>BANK</kind></recipient>");
        Submission s = intake.submit("TPE", xml.getBytes(StandardCharsets.UTF_8), BodyFormat.XML);
        orderId = s.id();
        await().atMost(Duration.ofSeconds(60)).until(() -> "RECEIPTED".equals(jdbc.queryForObject(
                "SELECT state FROM delivery WHERE document_id = ? AND recipient = '004'", String.class, orderId)));
    }

    /** The reply example as bank {@code bank} answers this order. */
    String reply(String bank, String replyId, String answersId, String answersNumber) throws Exception {
        return Files.readString(Path.of("schemas/examples/valid/seizure-reply.xml"))
                .replace("8d1e6b3a-27f4-4c09-9e5b-1a6c0f3d7b42", replyId)
                .replace("3f2b8c4e-9a61-4d7e-b0c5-7e21d94a6f13", answersId)
                .replace("1100295393A", answersNumber)
                .replace("<sender><code>004</code>", "<sender><code>" + bank + "</code>");
    }

    byte[] seal(String xml, String signerParty, String signingName) {
        return CmsEnvelope.seal(xml.getBytes(StandardCharsets.UTF_8),
                new CmsSigner(SamplePki.key(signerParty, signingName)), List.of(keys.archiveCertificate()));
    }

    Receipt receipt(ReplyOutcome o) {
        SignatureVerifier.VerifiedContent v = verifier.verify(o.receipt(), Instant.now());
        assertThat(v.signer().getSubjectX500Principal().getName()).contains("CN=GATEWAY");
        return reader.readXml(v.content(), Receipt.class);
    }

    @Test
    void aReplyFromTheAddressedBankIsAcceptedReceiptedAndAnswersTheDelivery() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] env = seal(reply("004", id, orderId.toString(), orderNumber), "004", "signing");
        ReplyOutcome o = replies.accept("SOAP", "004", id, env);
        assertThat(o.accepted()).isTrue();
        assertThat(o.orderId()).isEqualTo(orderId);
        Receipt r = receipt(o);
        assertThat(r.getStatus().name()).isEqualTo("ACCEPTED");
        assertThat(r.getDocumentId()).isEqualTo(id);
        assertThat(r.getEnvelopeSha256()).isEqualTo(CmsEnvelope.sha256Hex(env));
        assertThat(jdbc.queryForObject("SELECT state FROM delivery WHERE document_id = ? AND recipient = '004'",
                String.class, orderId)).isEqualTo("ANSWERED");
        assertThat(jdbc.queryForObject("SELECT envelope FROM reply WHERE bank = '004' AND id = ?", byte[].class, id))
                .isEqualTo(env);
    }

    @Test
    void anIdenticalResendGetsTheOriginalReceiptAndIsStoredOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] env = seal(reply("004", id, orderId.toString(), orderNumber), "004", "signing");
        ReplyOutcome first = replies.accept("SOAP", "004", id, env);
        ReplyOutcome again = replies.accept("BROKER", "004", id, env);
        assertThat(again.accepted()).isTrue();
        assertThat(again.receipt()).isEqualTo(first.receipt());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM reply WHERE bank = '004' AND id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void theOrdersDocumentNumberFindsTheOrderWhenTheIdIsUnknown() throws Exception {
        String id = UUID.randomUUID().toString();
        ReplyOutcome o = replies.accept("SOAP", "004", id,
                seal(reply("004", id, UUID.randomUUID().toString(), orderNumber), "004", "signing"));
        assertThat(o.accepted()).isTrue();
        assertThat(o.orderId()).isEqualTo(orderId);
    }

    @Nested
    class Quarantines {

        void assertQuarantined(ReplyOutcome o, String code) {
            assertThat(o.accepted()).isFalse();
            assertThat(o.errorCode()).isEqualTo(code);
            Receipt r = receipt(o);
            assertThat(r.getStatus().name()).isEqualTo("REJECTED");
            assertThat(r.getErrorCode()).isEqualTo(code);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM quarantine WHERE reason = ? AND state = 'HELD'"
                    + " AND envelope_sha256 = ?", Integer.class, code, r.getEnvelopeSha256())).isEqualTo(1);
        }

        @Test
        void aReplyForgedByAnotherBank() throws Exception {
            String id = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "004", id,
                    seal(reply("004", id, orderId.toString(), orderNumber), "007", "signing")), "wrong-signer");
        }

        @Test
        void aReplyToAnOrderAddressedToAnotherBank() throws Exception {
            String id = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "008", id,
                    seal(reply("008", id, orderId.toString(), orderNumber), "008", "signing")), "wrong-recipient");
        }

        @Test
        void aReplyToAnUnknownOrder() throws Exception {
            String id = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "004", id, seal(reply("004", id, UUID.randomUUID().toString(),
                    "1189999999A"), "004", "signing")), "unknown-order");
        }

        @Test
        void aReplySignedWithARevokedCertificate() throws Exception {
            String id = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "004", id,
                    seal(reply("004", id, orderId.toString(), orderNumber), "004", "signing-revoked")), "signer-revoked");
        }

        @Test
        void aReplySignedWithAnExpiredCertificate() throws Exception {
            String id = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "004", id,
                    seal(reply("004", id, orderId.toString(), orderNumber), "004", "signing-expired")), "signer-expired");
        }

        @Test
        void theSameIdWithOtherBytes() throws Exception {
            String id = UUID.randomUUID().toString();
            String xml = reply("004", id, orderId.toString(), orderNumber);
            assertThat(replies.accept("SOAP", "004", id, seal(xml, "004", "signing")).accepted()).isTrue();
            assertQuarantined(replies.accept("SOAP", "004", id, seal(xml.replace("BOT-0037-2021-004518", "BOT-X"),
                    "004", "signing")), "replay");
        }

        @Test
        void theSameContentUnderANewId() throws Exception {
            String id = UUID.randomUUID().toString();
            String xml = reply("004", id, orderId.toString(), orderNumber);
            assertThat(replies.accept("SOAP", "004", id, seal(xml, "004", "signing")).accepted()).isTrue();
            String other = UUID.randomUUID().toString();
            assertQuarantined(replies.accept("SOAP", "004", other, seal(xml.replace(id, other), "004", "signing")),
                    "replay");
        }

        @Test
        void anEnvelopeThatIsNotForTheGatewayAndTheSameBytesAgainOnlyOnce() throws Exception {
            String id = UUID.randomUUID().toString();
            byte[] env = CmsEnvelope.seal(reply("004", id, orderId.toString(), orderNumber).getBytes(StandardCharsets.UTF_8),
                    new CmsSigner(SamplePki.key("004", "signing")), List.of(SamplePki.key("005", "encryption").certificate()));
            assertQuarantined(replies.accept("SOAP", "004", id, env), "not-for-us");
            ReplyOutcome again = replies.accept("SOAP", "004", id, env);
            assertThat(again.accepted()).isFalse();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM quarantine WHERE envelope_sha256 = ?", Integer.class,
                    CmsEnvelope.sha256Hex(env))).isEqualTo(1);
        }
    }
}
