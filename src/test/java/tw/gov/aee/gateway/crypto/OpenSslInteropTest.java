package tw.gov.aee.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.crypto.CmsEnvelopeTest.assertError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tw.gov.aee.gateway.GatewayError;

/**
 * Proves the envelope interoperates with OpenSSL's {@code cms} command both ways, with chain and
 * CRL checking on (never -noverify). OpenSSL is on every build machine: if it is missing these
 * tests fail, they never skip.
 */
class OpenSslInteropTest {

    static final Path PKI = SamplePki.DIR.toAbsolutePath();
    static final byte[] DOC = "<SeizureReply>回復 004 0000123456</SeizureReply>\n".getBytes(StandardCharsets.UTF_8);
    @TempDir
    static Path tmp;
    static Path trust;
    static Path doc;

    @BeforeAll
    static void trustFileWithCrls() throws IOException {
        trust = tmp.resolve("trust.pem");
        Files.writeString(trust, Files.readString(PKI.resolve("ca/ca-bundle.pem"))
                + Files.readString(PKI.resolve("ca/issuing-ca.crl.pem")));
        doc = tmp.resolve("doc.xml");
        Files.write(doc, DOC);
    }

    @Test
    void openSslDecryptsOurEnvelopeAsRecipientAndAsArchiveAndVerifiesItWithCrlCheck() throws Exception {
        KeyMaterial branch = SamplePki.key("TPE", "signing");
        byte[] env = CmsEnvelope.seal(DOC, new CmsSigner(branch),
                List.of(SamplePki.key("004", "encryption").certificate(), SamplePki.gatewayKey("archive").certificate()));
        Path envFile = write("ours.der", env);
        for (String[] recip : new String[][] {
                {PKI.resolve("parties/004/encryption.pem").toString(), PKI.resolve("parties/004/encryption.key.pem").toString()},
                {PKI.resolve("gateway/archive.pem").toString(), PKI.resolve("gateway/archive.key.pem").toString()}}) {
            Path signed = tmp.resolve("signed-" + recip[0].hashCode() + ".der");
            Path out = tmp.resolve("out-" + recip[0].hashCode() + ".xml");
            openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", envFile, "-recip", recip[0], "-inkey", recip[1],
                    "-out", signed);
            openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", signed, "-CAfile", trust, "-no-CApath",
                    "-no-CAstore", "-crl_check", "-verify_retcode", "-out", out);
            assertThat(Files.readAllBytes(out)).isEqualTo(DOC);
        }
    }

    @Test
    void openSslVerifiesOurSignedReceiptWithCrlCheck() throws Exception {
        byte[] receipt = new CmsSigner(SamplePki.gatewayKey("signing")).sign(DOC);
        Path out = tmp.resolve("receipt.xml");
        openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", write("receipt.der", receipt), "-CAfile", trust,
                "-no-CApath", "-no-CAstore", "-crl_check", "-verify_retcode", "-out", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(DOC);
    }

    @Test
    void weOpenWhatOpenSslSealedForUsByIssuerAndSerial() throws Exception {
        Path env = openSslSeal("004", "signing", "gateway/archive.pem", false, true);
        CmsEnvelope.Opened o = CmsEnvelope.open(Files.readAllBytes(env), SamplePki.gatewayKey("archive"),
                SamplePki.verifier(), Instant.now());
        assertThat(o.document()).isEqualTo(DOC);
        assertThat(o.signer()).isEqualTo(SamplePki.key("004", "signing").certificate());
        assertThat(o.signingTime()).isNotNull();
    }

    @Test
    void weOpenWhatOpenSslSealedForUsBySubjectKeyIdentifierWithAnEcdsaSigner() throws Exception {
        Path env = openSslSeal("013", "signing", "gateway/archive.pem", true, true);
        CmsEnvelope.Opened o = CmsEnvelope.open(Files.readAllBytes(env), SamplePki.gatewayKey("archive"),
                SamplePki.verifier(), Instant.now());
        assertThat(o.document()).isEqualTo(DOC);
        assertThat(o.signer().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Nested
    class RefusesFromOpenSsl {

        @Test
        void aTamperedEnvelope() throws Exception {
            byte[] env = Files.readAllBytes(openSslSeal("004", "signing", "gateway/archive.pem", false, true));
            env[env.length - 30] ^= 0x01;
            assertError(() -> CmsEnvelope.open(env, SamplePki.gatewayKey("archive"), SamplePki.verifier(), Instant.now()),
                    GatewayError.TAMPERED);
        }

        @Test
        void aRevokedSigner() throws Exception {
            byte[] env = Files.readAllBytes(openSslSeal("004", "signing-revoked", "gateway/archive.pem", false, true));
            assertError(() -> CmsEnvelope.open(env, SamplePki.gatewayKey("archive"), SamplePki.verifier(), Instant.now()),
                    GatewayError.SIGNER_REVOKED);
        }

        @Test
        void anExpiredSigner() throws Exception {
            byte[] env = Files.readAllBytes(openSslSeal("004", "signing-expired", "gateway/archive.pem", false, true));
            assertError(() -> CmsEnvelope.open(env, SamplePki.gatewayKey("archive"), SamplePki.verifier(), Instant.now()),
                    GatewayError.SIGNER_EXPIRED);
        }

        @Test
        void anEnvelopeForAnotherRecipient() throws Exception {
            byte[] env = Files.readAllBytes(openSslSeal("004", "signing", "parties/005/encryption.pem", false, true));
            assertError(() -> CmsEnvelope.open(env, SamplePki.gatewayKey("archive"), SamplePki.verifier(), Instant.now()),
                    GatewayError.NOT_FOR_US);
        }

        @Test
        void keyTransportWithOpenSslsDefaultPkcs1Padding() throws Exception {
            byte[] env = Files.readAllBytes(openSslSeal("004", "signing", "gateway/archive.pem", false, false));
            assertError(() -> CmsEnvelope.open(env, SamplePki.gatewayKey("archive"), SamplePki.verifier(), Instant.now()),
                    GatewayError.WRONG_CONTENT_TYPE);
        }
    }

    /** openssl cms -sign then -encrypt, the command lines of OPENSSL.md. */
    static Path openSslSeal(String party, String signingName, String recipientPem, boolean keyid, boolean oaep)
            throws Exception {
        String tag = party + "-" + signingName + "-" + recipientPem.hashCode() + "-" + keyid + "-" + oaep;
        Path signed = tmp.resolve("ossl-signed-" + tag + ".der");
        openssl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-nosmimecap", "-in", doc,
                "-signer", PKI.resolve("parties/" + party + "/" + signingName + ".pem"),
                "-inkey", PKI.resolve("parties/" + party + "/" + signingName + ".key.pem"), "-outform", "DER", "-out", signed);
        Path env = tmp.resolve("ossl-env-" + tag + ".der");
        List<Object> cmd = new ArrayList<>(List.of("cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", signed,
                "-outform", "DER", "-out", env));
        if (keyid) {
            cmd.add("-keyid");
        }
        cmd.addAll(List.of("-recip", PKI.resolve(recipientPem)));
        if (oaep) {
            cmd.addAll(List.of("-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                    "-keyopt", "rsa_mgf1_md:sha256"));
        }
        openssl(cmd.toArray());
        return env;
    }

    static Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Runs openssl; a missing binary or a non-zero exit fails the test with OpenSSL's own words. */
    static void openssl(Object... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s\n%s", String.join(" ", cmd), output).isZero();
    }
}
