package tw.gov.aee.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tw.gov.aee.gateway.crypto.CmsEnvelope;

/**
 * The integrator's commands as a bank's integrator runs them, against the sample PKI and against
 * what OpenSSL makes.
 */
class IntegratorCommandTest {

    static final Path PKI = Path.of("certs-sample");
    static final Path ORDER = Path.of("schemas/examples/valid/enforcement-order-seizure.xml");
    @TempDir
    static Path tmp;
    static Path passwordFile;

    @BeforeAll
    static void samplePassword() throws Exception {
        passwordFile = tmp.resolve("pw");
        Files.writeString(passwordFile, "sample-only\n");
    }

    @Test
    void aBankOpensWhatABranchSealedAndSeesTheSignerAndDocument() throws Exception {
        Path env = tmp.resolve("order.env");
        Result sealed = run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing.p12"),
                "--recipient", PKI.resolve("parties/004/encryption.pem"), "--recipient", PKI.resolve("gateway/archive.pem"),
                "--out", env, "--password-file", passwordFile);
        assertThat(sealed.code).as(sealed.err).isZero();
        assertThat(sealed.out).contains("envelope sha256: " + CmsEnvelope.sha256Hex(Files.readAllBytes(env)));

        Result opened = run("open", "--in", env, "--key", PKI.resolve("parties/004/encryption.p12"),
                "--password-file", passwordFile);
        assertThat(opened.code).as(opened.err).isZero();
        assertThat(opened.out).contains("CN=TPE").contains("signing time:").contains("not revoked")
                .contains("1100295393A");
    }

    @Test
    void anEnvelopeSealedByOpenSslOpensWithTheCommand() throws Exception {
        Path signed = tmp.resolve("ossl.p7");
        Path env = tmp.resolve("ossl.env");
        openssl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", ORDER, "-signer",
                PKI.resolve("parties/005/signing.pem"), "-inkey", PKI.resolve("parties/005/signing.key.pem"),
                "-outform", "DER", "-out", signed);
        openssl("cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", signed, "-outform", "DER", "-out", env, "-keyid",
                "-recip", PKI.resolve("gateway/archive.pem"), "-keyopt", "rsa_padding_mode:oaep",
                "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");
        Path out = tmp.resolve("ossl.xml");
        Result opened = run("open", "--in", env, "--key", PKI.resolve("gateway/archive.p12"), "--out", out,
                "--password-file", passwordFile);
        assertThat(opened.code).as(opened.err).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ORDER));
    }

    @Test
    void aSignedReceiptIsVerifiedAndMatchedToItsEnvelope() throws Exception {
        Path env = tmp.resolve("for-receipt.env");
        run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing.p12"), "--recipient",
                PKI.resolve("parties/004/encryption.pem"), "--out", env, "--password-file", passwordFile);
        Path receipt = signedReceipt(CmsEnvelope.sha256Hex(Files.readAllBytes(env)), "004");
        Result r = run("verify-receipt", "--in", receipt, "--envelope", env);
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("CN=004").contains("ACCEPTED").contains("digest matches").contains(": yes");
    }

    @Nested
    class Refuses {

        @Test
        void anEnvelopeForAnotherBankWithItsErrorCode() throws Exception {
            Path env = tmp.resolve("for-004.env");
            run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing.p12"), "--recipient",
                    PKI.resolve("parties/004/encryption.pem"), "--out", env, "--password-file", passwordFile);
            Result r = run("open", "--in", env, "--key", PKI.resolve("parties/005/encryption.p12"),
                    "--password-file", passwordFile);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).contains("REFUSED not-for-us");
        }

        @Test
        void anEnvelopeSignedWithARevokedCertificate() throws Exception {
            Path env = tmp.resolve("revoked.env");
            run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing-revoked.p12"), "--recipient",
                    PKI.resolve("parties/004/encryption.pem"), "--out", env, "--password-file", passwordFile);
            Result r = run("open", "--in", env, "--key", PKI.resolve("parties/004/encryption.p12"),
                    "--password-file", passwordFile);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).contains("REFUSED signer-revoked");
        }

        @Test
        void aReceiptWhoseDigestIsNotThatOfTheEnvelope() throws Exception {
            Path env = tmp.resolve("other.env");
            run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing.p12"), "--recipient",
                    PKI.resolve("parties/004/encryption.pem"), "--out", env, "--password-file", passwordFile);
            Path receipt = signedReceipt("0".repeat(64), "004");
            Result r = run("verify-receipt", "--in", receipt, "--envelope", env);
            assertThat(r.code).isEqualTo(1);
            assertThat(r.out).contains("NO (envelope is");
        }

        @Test
        void aMissingPasswordWithAUsageHint() {
            Result r = run("seal", "--in", ORDER, "--signer", PKI.resolve("parties/TPE/signing.p12"),
                    "--recipient", PKI.resolve("parties/004/encryption.pem"), "--out", tmp.resolve("x"),
                    "--password-env", "NO_SUCH_VARIABLE_FOR_TEST");
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err).contains("NO_SUCH_VARIABLE_FOR_TEST");
        }
    }

    /** A receipt as a bank signs it: plain CMS SignedData made by OpenSSL with the bank's key. */
    static Path signedReceipt(String sha256, String bank) throws Exception {
        Path xml = tmp.resolve("receipt-" + sha256.substring(0, 8) + ".xml");
        Files.writeString(xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Receipt xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <receiptId>%s</receiptId>
                  <documentId>%s</documentId>
                  <envelopeSha256>%s</envelopeSha256>
                  <receivedAt>%s</receivedAt>
                  <receiver><code>%s</code><kind>BANK</kind></receiver>
                  <status>ACCEPTED</status>
                </Receipt>
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), sha256, OffsetDateTime.now(), bank));
        Path out = tmp.resolve("receipt-" + sha256.substring(0, 8) + ".p7");
        openssl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", xml, "-signer",
                PKI.resolve("parties/" + bank + "/signing.pem"), "-inkey", PKI.resolve("parties/" + bank + "/signing.key.pem"),
                "-outform", "DER", "-out", out);
        return out;
    }

    record Result(int code, String out, String err) { }

    static Result run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IntegratorCommand.run(a, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void openssl(Object... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        for (Object o : args) {
            cmd.add(o.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
