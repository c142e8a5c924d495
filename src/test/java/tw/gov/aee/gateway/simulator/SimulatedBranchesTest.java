package tw.gov.aee.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.documents.DocumentRules;
import tw.gov.aee.gateway.documents.NationalId;
import tw.gov.aee.gateway.participants.CertificateLocator;
import tw.gov.aee.gateway.participants.CertificateLoader;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** The demo's branches only ever submit documents the gateway accepts. */
class SimulatedBranchesTest {

    final SimulatedBranches branches = new SimulatedBranches(new PkiProperties("certs-sample", "sample-only".toCharArray()));
    final DocumentReader reader = new DocumentReader();
    final DocumentRules rules = new DocumentRules(new ParticipantsDirectory(new ClassPathResource("participants.yaml"),
            new CertificateLocator(Path.of("certs-sample"), CertificateLoader.jdk()), false));

    @Test
    void everyGeneratedOrderAndCertificatePassesTheSchemaAndTheDomainRules() {
        for (int i = 0; i < 200; i++) {
            for (String xml : new String[] {branches.seizureOrder("TPE"), branches.executionCertificate("KHH")}) {
                Object doc = reader.readXml(xml.getBytes(StandardCharsets.UTF_8));
                rules.check(doc);
            }
        }
    }

    @Test
    void generatedNationalIdsCarryAValidCheckDigit() {
        for (int i = 0; i < 1000; i++) {
            assertThat(NationalId.isValid(branches.nationalId())).isTrue();
        }
    }
}
