package tw.gov.aee.gateway.participants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and loading the certificates the directory names, relative to the PKI folder. */
class CertificateLocatorTest {

    /** One throwaway self-signed certificate, made with the JDK's keytool (no BouncyCastle outside crypto/). */
    private static Path samplePem;

    @TempDir
    static Path keytoolDir;

    @TempDir
    Path pki;

    @TempDir
    Path yamlDir;

    @BeforeAll
    static void makeAThrowawayCertificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path keystore = keytoolDir.resolve("throwaway.p12");
        samplePem = keytoolDir.resolve("throwaway.pem");
        run(keytool.toString(), "-genkeypair", "-alias", "t", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=participants test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "throwaway", "-keypass", "throwaway");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "t", "-keystore", keystore.toString(),
                "-storepass", "throwaway", "-file", samplePem.toString());
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private void place(String relative) throws IOException {
        Path target = pki.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(samplePem, target);
    }

    private ParticipantsDirectory load(CertificateLoader loader, boolean requireCertificates) {
        return new ParticipantsDirectory(SampleDirectory.valid().resourceIn(yamlDir), new CertificateLocator(pki, loader),
                requireCertificates);
    }

    private void placeEveryCertificateOfTheSample() throws IOException {
        for (String code : List.of("TPE", "KHH")) {
            place("parties/" + code + "/signing.pem");
            place("parties/" + code + "/tls-client.pem");
        }
        for (String code : List.of("004", "NHIA")) {
            place("parties/" + code + "/signing.pem");
            place("parties/" + code + "/encryption.pem");
            place("parties/" + code + "/tls-client.pem");
        }
    }

    @Test
    void resolvesPathsAgainstThePkiFolder() {
        ParticipantsDirectory directory = load(CertificateLoader.jdk(), false);
        CertificateLocator locator = new CertificateLocator(pki, CertificateLoader.jdk());

        assertThat(locator.resolve(directory.require("004", PartyKind.BANK), CertificateRole.ENCRYPTION))
                .isEqualTo(pki.toAbsolutePath().resolve("parties/004/encryption.pem"));
    }

    @Test
    void loadsAPemCertificateWithTheJdk() throws IOException {
        place("parties/004/signing.pem");
        ParticipantsDirectory directory = load(CertificateLoader.jdk(), false);

        X509Certificate certificate = directory.certificate("004", CertificateRole.SIGNING);

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=participants test");
    }

    @Test
    void loadsLazilyAndOncePerVersion() throws Exception {
        X509Certificate real = CertificateLoader.jdk().load(samplePem);
        List<Path> asked = new ArrayList<>();
        ParticipantsDirectory directory = load(file -> { asked.add(file); return real; }, false);
        assertThat(asked).as("nothing read at load without require-certificates").isEmpty();

        directory.certificate("TPE", CertificateRole.TLS_CLIENT);
        directory.certificate("TPE", CertificateRole.TLS_CLIENT);

        assertThat(asked).containsExactly(pki.toAbsolutePath().resolve("parties/TPE/tls-client.pem"));
    }

    @Test
    void loadsAgainForANewVersionOfTheDirectory() throws Exception {
        X509Certificate real = CertificateLoader.jdk().load(samplePem);
        List<Path> asked = new ArrayList<>();
        ParticipantsDirectory directory = load(file -> { asked.add(file); return real; }, false);
        directory.certificate("004", CertificateRole.SIGNING);

        SampleDirectory.valid().withVersion(4).writeTo(yamlDir.resolve("participants.yaml"));
        assertThat(directory.reload().status()).isEqualTo(ReloadOutcome.Status.LOADED);
        directory.certificate("004", CertificateRole.SIGNING);

        assertThat(asked).as("a regenerated PKI is picked up with the next directory version").hasSize(2);
    }

    @Test
    void readsEveryCertificateOnLoadWhenRequired() throws IOException {
        placeEveryCertificateOfTheSample();
        List<Path> asked = new ArrayList<>();
        CertificateLoader jdk = CertificateLoader.jdk();

        ParticipantsDirectory directory = load(file -> { asked.add(file); return jdk.load(file); }, true);

        assertThat(asked).hasSize(2 * 2 + 2 * 3);
        directory.certificate("NHIA", CertificateRole.ENCRYPTION);
        assertThat(asked).as("served from the cache").hasSize(10);
    }

    @Nested
    class Refuses {

        @Test
        void aDirectoryWithAMissingCertificateWhenCertificatesAreRequired() throws IOException {
            placeEveryCertificateOfTheSample();
            Files.delete(pki.resolve("parties/NHIA/encryption.pem"));

            assertThatThrownBy(() -> load(CertificateLoader.jdk(), true))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("party NHIA: certificates.encryption: parties/NHIA/encryption.pem cannot be read")
                    .hasMessageContaining("NoSuchFileException");
        }

        @Test
        void aDirectoryWithAFileThatIsNoCertificateWhenCertificatesAreRequired() throws IOException {
            placeEveryCertificateOfTheSample();
            Files.writeString(pki.resolve("parties/TPE/signing.pem"), "-----BEGIN CERTIFICATE-----\nnonsense\n");

            assertThatThrownBy(() -> load(CertificateLoader.jdk(), true))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("party TPE: certificates.signing: parties/TPE/signing.pem cannot be read")
                    .hasMessageContaining("CertificateException");
        }

        @Test
        void aCertificateThePartyDoesNotHave() {
            ParticipantsDirectory directory = load(CertificateLoader.jdk(), false);

            assertThatThrownBy(() -> directory.certificate("TPE", CertificateRole.ENCRYPTION))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessage("party TPE: certificates.encryption is not in the participants directory");
            assertThatThrownBy(() -> directory.certificate("012", CertificateRole.SIGNING))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessage("party 012: certificates.signing is not in the participants directory");
        }

        @Test
        void aCertificateOfAnUnknownParty() {
            ParticipantsDirectory directory = load(CertificateLoader.jdk(), false);

            assertThatThrownBy(() -> directory.certificate("999", CertificateRole.SIGNING))
                    .isInstanceOf(UnknownPartyException.class);
        }

        @Test
        void aMissingFileOnlyWhenItIsAskedFor() {
            ParticipantsDirectory directory = load(CertificateLoader.jdk(), false);

            assertThatThrownBy(() -> directory.certificate("004", CertificateRole.SIGNING))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("party 004: certificates.signing: parties/004/signing.pem cannot be read")
                    .hasCauseInstanceOf(NoSuchFileException.class);
        }

        @Test
        void aPathThatLeavesThePkiFolder() {
            Participant forged = new Participant("004", PartyKind.BANK, "x", "x", null,
                    new CertificatePaths("../outside.pem", null, "t.pem"), Transport.PULL, null,
                    java.util.Set.of(DocumentType.ENFORCEMENT_ORDER), false, null, false);

            assertThatThrownBy(() -> new CertificateLocator(pki, CertificateLoader.jdk()).resolve(forged, CertificateRole.SIGNING))
                    .isInstanceOf(DirectoryException.class)
                    .hasMessageContaining("leaves the PKI folder");
        }
    }
}
