package tw.gov.aee.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.EnvelopeException;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.dispatch.DeliveryException;
import tw.gov.aee.gateway.dispatch.PushClient;
import tw.gov.aee.gateway.dispatch.ReceiptVerifier;
import tw.gov.aee.gateway.dispatch.VerifiedReceipt;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.CertificateLoader;
import tw.gov.aee.gateway.participants.CertificateLocator;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The simulated parties as real peers: real TLS on loopback, real SOAP through CXF, real
 * envelopes and signed receipts, with the gateway's {@link PushClient} and {@link ReceiptVerifier}
 * on the other end.
 */
class SimulatedPartiesTest {

    private static final Path ORDER = Path.of("schemas/examples/valid/enforcement-order-seizure.xml");
    private static final DocumentReader READER = new DocumentReader();

    private static ParticipantsDirectory directory;
    private static SimulatedParties parties;
    private static PushClient client;
    private static ReceiptVerifier receipts;

    @BeforeAll
    static void start() {
        directory = new ParticipantsDirectory(new ClassPathResource("participants.yaml"),
                new CertificateLocator(SamplePki.DIR, CertificateLoader.jdk()), true);
        parties = new SimulatedParties(directory, SamplePki.DIR, SamplePki.PASSWORD, 0, SamplePki.verifier());
        parties.start();
        client = new PushClient(SamplePki.DIR.resolve("ca/truststore.p12"), SamplePki.PASSWORD,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        receipts = new ReceiptVerifier(SamplePki.verifier(), directory, READER);
    }

    @AfterAll
    static void stop() {
        client.close();
        parties.stop();
    }

    @AfterEach
    void behaveAgain() {
        parties.codes().forEach(code -> parties.behave(code, Behaviour.NORMAL));
    }

    @Test
    void leavesNoTemporaryFolderBehindWhenStopped() {
        SimulatedParties other = new SimulatedParties(directory, SamplePki.DIR, SamplePki.PASSWORD, 0, SamplePki.verifier());
        other.start();
        java.nio.file.Path base = other.baseDir();
        assertThat(base).isDirectory();
        other.stop();
        assertThat(base).doesNotExist();
    }

    @Test
    void servesEveryPushBankAndAgencyOfTheDirectoryOnOnePort() {
        assertThat(parties.codes()).isEqualTo(directory.all().stream()
                .filter(p -> (p.isBank() || p.isAgency()) && p.transport() == Transport.PUSH)
                .map(Participant::code).collect(Collectors.toSet()))
                .contains("004", "700", "NTBT", "NHIA");
        assertThat(parties.endpoint("004")).isEqualTo(URI.create("https://localhost:" + parties.port() + "/banks/004/receiver"));
        assertThat(parties.endpoint("NHIA").getPath()).isEqualTo("/agencies/NHIA/receiver");
    }

    @Test
    void acceptsAnOrderAndSignsAReceiptForTheExactEnvelopeReceived() {
        String id = newId();
        byte[] envelope = sealedOrder(id, "signing", "004");
        Instant before = Instant.now();

        byte[] signed = client.deliver(parties.endpoint("004"), id, envelope);
        VerifiedReceipt receipt = receipts.verify(signed, "004", id, CmsEnvelope.sha256Hex(envelope), Instant.now());

        assertThat(receipt.accepted()).isTrue();
        assertThat(receipt.errorCode()).isNull();
        assertThat(receipt.receiptId()).matches("[0-9a-f-]{36}");
        assertThat(receipt.receivedAt()).isBetween(before.minusSeconds(1), Instant.now());
        assertThat(receipt.signedReceipt()).isEqualTo(signed);
        assertThat(parties.processedDocuments("004")).filteredOn(d -> d.documentId().equals(id)).singleElement()
                .satisfies(d -> {
                    assertThat(d.documentType()).isEqualTo("EnforcementOrder");
                    assertThat(d.documentNumber()).isEqualTo("1100295393A");
                });
    }

    @Test
    void acceptsACopyAtATransferringAgency() {
        String id = newId();
        byte[] envelope = sealedOrder(id, "signing", "NHIA");

        VerifiedReceipt receipt = receipts.verify(client.deliver(parties.endpoint("NHIA"), id, envelope), "NHIA", id,
                CmsEnvelope.sha256Hex(envelope), Instant.now());

        assertThat(receipt.accepted()).isTrue();
        assertThat(parties.processedDocumentIds("NHIA")).contains(id);
    }

    @Test
    void answersAnIdenticalResendWithTheOriginalReceiptAndProcessesItOnce() {
        String id = newId();
        byte[] envelope = sealedOrder(id, "signing", "004");
        int processed = parties.processedCount("004");
        long raw = parties.rawDeliveries("004");
        long suppressed = parties.duplicatesSuppressed("004");

        byte[] first = client.deliver(parties.endpoint("004"), id, envelope);
        byte[] second = client.deliver(parties.endpoint("004"), id, envelope);

        assertThat(second).isEqualTo(first);
        assertThat(parties.processedCount("004")).isEqualTo(processed + 1);
        assertThat(parties.rawDeliveries("004")).isEqualTo(raw + 2);
        assertThat(parties.duplicatesSuppressed("004")).isEqualTo(suppressed + 1);
        assertThat(parties.processedDocumentIds("004")).containsOnlyOnce(id);
    }

    @Test
    void answersTheOriginalReceiptToARetryAfterAGarbledAnswer() {
        String id = newId();
        byte[] envelope = sealedOrder(id, "signing", "004");
        int processed = parties.processedCount("004");
        parties.behave("004", Behaviour.GARBAGE);
        client.deliver(parties.endpoint("004"), id, envelope);
        parties.behave("004", Behaviour.NORMAL);

        VerifiedReceipt receipt = receipts.verify(client.deliver(parties.endpoint("004"), id, envelope), "004", id,
                CmsEnvelope.sha256Hex(envelope), Instant.now());

        assertThat(receipt.accepted()).isTrue();
        assertThat(parties.processedCount("004")).isEqualTo(processed + 1);
    }

    @Nested
    class RejectingReceipts {

        @Test
        void rejectsAnEnvelopeEncryptedForAnotherBankAsNotForUs() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "005");

            VerifiedReceipt receipt = deliverTo004(id, envelope);

            assertThat(receipt.accepted()).isFalse();
            assertThat(receipt.errorCode()).isEqualTo("not-for-us");
            assertThat(parties.processedDocumentIds("004")).doesNotContain(id);
        }

        @Test
        void rejectsAnEnvelopeSignedWithARevokedCertificate() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing-revoked", "004");

            VerifiedReceipt receipt = deliverTo004(id, envelope);

            assertThat(receipt.accepted()).isFalse();
            assertThat(receipt.errorCode()).isEqualTo("signer-revoked");
            assertThat(parties.processedDocumentIds("004")).doesNotContain(id);
        }

        @Test
        void rejectsADocumentThatDoesNotNameItAsRecipientOrCopy() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "007"); // encrypted for 007, addressed to 004/005/700

            VerifiedReceipt receipt = receipts.verify(client.deliver(parties.endpoint("007"), id, envelope), "007", id,
                    CmsEnvelope.sha256Hex(envelope), Instant.now());

            assertThat(receipt.accepted()).isFalse();
            assertThat(receipt.errorCode()).isEqualTo("not-for-us");
            assertThat(parties.processedCount("007")).isZero();
        }

        @Test
        void rejectsADocumentWhoseOwnIdDiffersFromTheDeliveredId() {
            String id = newId();
            byte[] envelope = sealedOrder(newId(), "signing", "004");

            VerifiedReceipt receipt = deliverTo004(id, envelope);

            assertThat(receipt.accepted()).isFalse();
            assertThat(receipt.errorCode()).isEqualTo(GatewayError.MALFORMED_INPUT.code());
        }

        @Test
        void rejectsTheSameIdWithOtherBytesAsAReplayAndKeepsTheFirstEffect() {
            String id = newId();
            client.deliver(parties.endpoint("004"), id, sealedOrder(id, "signing", "004"));
            int processed = parties.processedCount("004");

            VerifiedReceipt replay = deliverTo004(id, sealedOrder(id, "signing", "004")); // re-sealed: other bytes

            assertThat(replay.accepted()).isFalse();
            assertThat(replay.errorCode()).isEqualTo(GatewayError.DUPLICATE_CONFLICT.code());
            assertThat(parties.processedCount("004")).isEqualTo(processed);
        }

        private VerifiedReceipt deliverTo004(String id, byte[] envelope) {
            return receipts.verify(client.deliver(parties.endpoint("004"), id, envelope), "004", id,
                    CmsEnvelope.sha256Hex(envelope), Instant.now());
        }
    }

    @Nested
    class ReceiptsTheGatewayRefuses {

        @Test
        void refusesAReceiptSignedByAnotherBank() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "004");
            parties.behave("004", Behaviour.WRONG_SIGNER);

            byte[] signed = client.deliver(parties.endpoint("004"), id, envelope);

            assertThatThrownBy(() -> receipts.verify(signed, "004", id, CmsEnvelope.sha256Hex(envelope), Instant.now()))
                    .isInstanceOfSatisfying(EnvelopeException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.UNKNOWN_SIGNER))
                    .hasMessageContaining("004").hasMessageContaining("005");
        }

        @Test
        void refusesAReceiptNamingAnotherEnvelopeDigest() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "004");
            parties.behave("004", Behaviour.WRONG_DIGEST);

            byte[] signed = client.deliver(parties.endpoint("004"), id, envelope);

            assertThatThrownBy(() -> receipts.verify(signed, "004", id, CmsEnvelope.sha256Hex(envelope), Instant.now()))
                    .isInstanceOfSatisfying(EnvelopeException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.RECEIPT_MISMATCH))
                    .hasMessageContaining("digest");
        }

        @Test
        void refusesAReceiptForAnotherDocument() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "004");
            byte[] signed = client.deliver(parties.endpoint("004"), id, envelope);

            assertThatThrownBy(() -> receipts.verify(signed, "004", newId(), CmsEnvelope.sha256Hex(envelope), Instant.now()))
                    .isInstanceOfSatisfying(EnvelopeException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.RECEIPT_MISMATCH));
        }

        @Test
        void refusesAReceiptExpectedFromAnotherRecipient() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "004");
            byte[] signed = client.deliver(parties.endpoint("004"), id, envelope);

            assertThatThrownBy(() -> receipts.verify(signed, "700", id, CmsEnvelope.sha256Hex(envelope), Instant.now()))
                    .isInstanceOfSatisfying(EnvelopeException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.UNKNOWN_SIGNER));
        }

        @Test
        void refusesAnAnswerThatIsNotCms() {
            String id = newId();
            byte[] envelope = sealedOrder(id, "signing", "004");
            parties.behave("004", Behaviour.GARBAGE);

            byte[] answer = client.deliver(parties.endpoint("004"), id, envelope);

            assertThatThrownBy(() -> receipts.verify(answer, "004", id, CmsEnvelope.sha256Hex(envelope), Instant.now()))
                    .isInstanceOfSatisfying(EnvelopeException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.WRONG_CONTENT_TYPE));
        }
    }

    @Nested
    class FailedDeliveries {

        @Test
        void reportsAPartyThatIsDownAsAFailedDeliveryNamingTheEndpoint() {
            String id = newId();
            long raw = parties.rawDeliveries("004");
            parties.behave("004", Behaviour.DOWN);

            assertThatThrownBy(() -> client.deliver(parties.endpoint("004"), id, sealedOrder(id, "signing", "004")))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.error()).isEqualTo(GatewayError.DELIVERY_FAILED);
                        assertThat(e.error().retryable()).isTrue();
                    })
                    .hasMessageContaining(parties.endpoint("004").toString());
            assertThat(parties.rawDeliveries("004")).isEqualTo(raw);
        }

        @Test
        void reportsAnEndpointNobodyListensOnAsAFailedDelivery() throws IOException {
            int closedPort;
            try (var socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            URI nobody = URI.create("https://localhost:" + closedPort + "/banks/004/receiver");
            String id = newId();

            assertThatThrownBy(() -> client.deliver(nobody, id, sealedOrder(id, "signing", "004")))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining(nobody.toString());
        }

        @Test
        void refusesAServerItsTrustStoreDoesNotVouchFor(@TempDir Path dir) throws Exception {
            // trusts only a party's signing certificate, not the CA that issued the TLS certificate
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("not-the-ca", directory.certificate("005", CertificateRole.SIGNING));
            Path file = dir.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, SamplePki.PASSWORD);
            }
            String id = newId();
            int raw = (int) parties.rawDeliveries("004");

            try (PushClient distrustful = new PushClient(file, SamplePki.PASSWORD, Duration.ofSeconds(5), Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> distrustful.deliver(parties.endpoint("004"), id, sealedOrder(id, "signing", "004")))
                        .isInstanceOf(DeliveryException.class);
            }
            assertThat(parties.rawDeliveries("004")).isEqualTo(raw);
        }
    }

    @Test
    void refusesToPushOverPlainHttp() {
        assertThatThrownBy(() -> client.deliver(URI.create("http://localhost:" + parties.port() + "/banks/004/receiver"),
                newId(), new byte[] {1}))
                .isInstanceOf(DeliveryException.class)
                .isInstanceOf(GatewayException.class);
    }

    // ---- helpers ----

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The seizure example, given its document id, signed by branch TPE with the named key and
     * encrypted for {@code recipient} and the gateway's archive.
     */
    private static byte[] sealedOrder(String documentId, String tpeKey, String recipient) {
        try {
            EnforcementOrder order = READER.readXml(Files.readAllBytes(ORDER), EnforcementOrder.class);
            order.getHeader().setDocumentId(documentId);
            byte[] xml = READER.toXml(order);
            return CmsEnvelope.seal(xml, new CmsSigner(SamplePki.key("TPE", tpeKey)),
                    List.of(directory.certificate(recipient, CertificateRole.ENCRYPTION),
                            SamplePki.gatewayKey("archive").certificate()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
