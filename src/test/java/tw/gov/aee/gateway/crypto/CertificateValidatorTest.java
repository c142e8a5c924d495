package tw.gov.aee.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.crypto.CmsEnvelopeTest.assertError;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import tw.gov.aee.gateway.GatewayError;

/**
 * A validated path is remembered only for as long as the same verdict must follow: never a
 * refusal, never past a certificate's or a CRL's validity.
 */
class CertificateValidatorTest {

    static final byte[] DOC = CmsEnvelopeTest.DOC;
    static final KeyMaterial BRANCH = SamplePki.key("TPE", "signing");

    @Test
    void aValidatedSignerIsRememberedAndAcceptedAgainWithinTheSameInterval() {
        CertificateValidator validator = sampleValidator();
        SignatureVerifier verifier = new SignatureVerifier(validator);
        byte[] signed = new CmsSigner(BRANCH).sign(DOC);

        verifier.verify(signed, Instant.now());
        assertThat(validator.remembered()).isEqualTo(1);
        verifier.verify(new CmsSigner(BRANCH).sign(DOC), Instant.now());
        assertThat(validator.remembered()).isEqualTo(1);
    }

    @Test
    void aRememberedPathServesOnlyItsOwnCertificate() {
        CertificateValidator validator = sampleValidator();
        SignatureVerifier verifier = new SignatureVerifier(validator);
        verifier.verify(new CmsSigner(BRANCH).sign(DOC), Instant.now());
        assertThat(validator.remembered()).isEqualTo(1);

        // The same branch, the same issuing CA, the same companions: other certificates all the same.
        assertError(() -> verifier.verify(new CmsSigner(SamplePki.key("TPE", "signing-revoked")).sign(DOC), Instant.now()),
                GatewayError.SIGNER_REVOKED);
        assertError(() -> verifier.verify(new CmsSigner(SamplePki.key("TPE", "signing-expired")).sign(DOC), Instant.now()),
                GatewayError.SIGNER_EXPIRED);
        assertError(() -> verifier.verify(new CmsSigner(SamplePki.key("004", "encryption")).sign(DOC), Instant.now()),
                GatewayError.SIGNER_NOT_AUTHORISED);
        assertThat(validator.remembered()).isEqualTo(1);
    }

    @Test
    void refusalsAreNeverRememberedSoARevokedSignerIsRefusedEveryTime() {
        CertificateValidator validator = sampleValidator();
        SignatureVerifier verifier = new SignatureVerifier(validator);
        byte[] signed = new CmsSigner(SamplePki.key("TPE", "signing-revoked")).sign(DOC);

        for (int i = 0; i < 2; i++) {
            assertError(() -> verifier.verify(signed, Instant.now()), GatewayError.SIGNER_REVOKED);
        }
        assertThat(validator.remembered()).isZero();
    }

    @Test
    void aRememberedSignerIsRefusedOnceItsCertificateHasExpired() {
        CertificateValidator validator = sampleValidator();
        SignatureVerifier verifier = new SignatureVerifier(validator);
        byte[] signed = new CmsSigner(BRANCH).sign(DOC);
        verifier.verify(signed, Instant.now());

        Instant afterExpiry = BRANCH.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        assertError(() -> verifier.verify(signed, afterExpiry), GatewayError.SIGNER_EXPIRED);
    }

    @Test
    void aRememberedSignerIsValidatedAgainOnceACrlIsOutdatedAndThenRefused() throws Exception {
        Instant now = Instant.now();
        Instant nextUpdate = now.plus(Duration.ofHours(1));
        CertificateValidator validator = new CertificateValidator(
                List.of(ca("root-ca"), ca("issuing-ca")),
                List.of(crl("issuing-ca", now, nextUpdate), crl("root-ca", now, nextUpdate)));
        SignatureVerifier verifier = new SignatureVerifier(validator);
        byte[] signed = new CmsSigner(BRANCH).sign(DOC);

        verifier.verify(signed, now);
        assertThat(validator.remembered()).isEqualTo(1);
        verifier.verify(signed, nextUpdate.minusSeconds(1));

        // Past nextUpdate (and the JDK's 15 minutes of clock skew) no current CRL covers the signer:
        // the status is undetermined, a refusal, however recently the same path was accepted.
        assertError(() -> verifier.verify(signed, nextUpdate.plus(Duration.ofMinutes(20))), GatewayError.UNKNOWN_SIGNER);
    }

    private static CertificateValidator sampleValidator() {
        return CertificateValidator.fromFiles(SamplePki.DIR.resolve("ca/ca-bundle.pem"),
                List.of(SamplePki.DIR.resolve("ca/issuing-ca.crl.pem"), SamplePki.DIR.resolve("ca/root-ca.crl.pem")));
    }

    private static X509Certificate ca(String name) {
        return SamplePki.cert(SamplePki.DIR.resolve("ca/" + name + ".pem"));
    }

    /** An empty CRL of the sample CA {@code name}, current from {@code thisUpdate} to {@code nextUpdate}. */
    private static X509CRL crl(String name, Instant thisUpdate, Instant nextUpdate) throws Exception {
        KeyMaterial ca = KeyMaterial.fromPkcs12(SamplePki.DIR.resolve("ca/" + name + ".p12"), SamplePki.PASSWORD);
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca.certificate(), Date.from(thisUpdate.minusSeconds(60)));
        b.setNextUpdate(Date.from(nextUpdate));
        return new JcaX509CRLConverter().getCRL(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey())));
    }
}
