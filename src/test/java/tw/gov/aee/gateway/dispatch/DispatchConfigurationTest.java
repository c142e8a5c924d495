package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import tw.gov.aee.gateway.crypto.CryptoConfiguration;
import tw.gov.aee.gateway.documents.DocumentsConfiguration;

import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.ParticipantsConfiguration;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.simulator.SimulatedParties;
import tw.gov.aee.gateway.simulator.SimulatorConfiguration;

/** The Spring wiring of push delivery and of the simulated parties, with the sample PKI. */
class DispatchConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ParticipantsConfiguration.class, CryptoConfiguration.class, DocumentsConfiguration.class,
                    DispatchConfiguration.class, SimulatorConfiguration.class)
            .withPropertyValues("gateway.pki.dir=certs-sample", "gateway.pki.password=sample-only",
                    "gateway.participants.require-certificates=true");

    @Test
    void createsThePushClientAndReceiptVerifierWithDefaultTimeoutsAndNoSimulator() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(PushClient.class).hasSingleBean(ReceiptVerifier.class)
                    .doesNotHaveBean(SimulatedParties.class);
            PushProperties push = ctx.getBean(PushProperties.class);
            assertThat(push.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(push.receiveTimeout()).isEqualTo(Duration.ofSeconds(30));
            PkiProperties pki = ctx.getBean(PkiProperties.class);
            assertThat(pki.password()).containsExactly("sample-only".toCharArray());
            assertThat(pki.toString()).doesNotContain("sample-only");
        });
    }

    @Test
    void startsTheSimulatedPartiesWhenEnabledAndDeliversToThemThroughTheBeans() {
        context.withPropertyValues("gateway.simulator.enabled=true", "gateway.simulator.port=0").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            SimulatedParties parties = ctx.getBean(SimulatedParties.class);
            ParticipantsDirectory directory = ctx.getBean(ParticipantsDirectory.class);
            DocumentReader reader = new DocumentReader();
            String id = UUID.randomUUID().toString();
            EnforcementOrder order = reader.readXml(
                    Files.readAllBytes(Path.of("schemas/examples/valid/enforcement-order-seizure.xml")), EnforcementOrder.class);
            order.getHeader().setDocumentId(id);
            byte[] envelope = CmsEnvelope.seal(reader.toXml(order), new CmsSigner(SamplePki.key("TPE", "signing")),
                    List.of(directory.certificate("700", CertificateRole.ENCRYPTION), SamplePki.gatewayKey("archive").certificate()));

            byte[] receipt = ctx.getBean(PushClient.class).deliver(parties.endpoint("700"), id, envelope);
            VerifiedReceipt verified = ctx.getBean(ReceiptVerifier.class)
                    .verify(receipt, "700", id, CmsEnvelope.sha256Hex(envelope), Instant.now());

            assertThat(verified.accepted()).isTrue();
            assertThat(parties.processedDocumentIds("700")).containsExactly(id);
        });
    }
}
