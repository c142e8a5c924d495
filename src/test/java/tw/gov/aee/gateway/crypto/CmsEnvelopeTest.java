package tw.gov.aee.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import tw.gov.aee.gateway.GatewayError;

class CmsEnvelopeTest {

    static final byte[] DOC = "<EnforcementOrder>扣押 1100295393A</EnforcementOrder>".getBytes(StandardCharsets.UTF_8);
    static final KeyMaterial BRANCH = SamplePki.key("TPE", "signing");
    static final KeyMaterial BANK_ENC = SamplePki.key("004", "encryption");
    static final KeyMaterial ARCHIVE = SamplePki.gatewayKey("archive");
    static final SignatureVerifier VERIFIER = SamplePki.verifier();

    static byte[] sealFromBranch(byte[] doc) {
        return CmsEnvelope.seal(doc, new CmsSigner(BRANCH), List.of(BANK_ENC.certificate(), ARCHIVE.certificate()));
    }

    @Test
    void recipientAndArchiveBothOpenAndVerifyTheSameDocument() {
        byte[] env = sealFromBranch(DOC);
        for (KeyMaterial k : List.of(BANK_ENC, ARCHIVE)) {
            CmsEnvelope.Opened o = CmsEnvelope.open(env, k, VERIFIER, Instant.now());
            assertThat(o.document()).isEqualTo(DOC);
            assertThat(o.signer()).isEqualTo(BRANCH.certificate());
            assertThat(o.signingTime()).isBetween(Instant.now().minusSeconds(60), Instant.now());
            assertThat(o.envelopeSha256()).hasSize(64).isEqualTo(CmsEnvelope.sha256Hex(env));
        }
    }

    @Test
    void ecdsaSignaturesAreAccepted() {
        KeyMaterial ec = SamplePki.key("013", "signing");
        assertThat(ec.privateKey().getAlgorithm()).isEqualTo("EC");
        byte[] env = CmsEnvelope.seal(DOC, new CmsSigner(ec), List.of(ARCHIVE.certificate()));
        assertThat(CmsEnvelope.open(env, ARCHIVE, VERIFIER, Instant.now()).signer()).isEqualTo(ec.certificate());
    }

    @Test
    void recipientsNamedBySubjectKeyIdentifierAreFound() {
        byte[] env = CmsEnvelope.encrypt(new CmsSigner(BRANCH).sign(DOC), List.of(BANK_ENC.certificate()),
                CmsEnvelope.RecipientIdentifier.SUBJECT_KEY_IDENTIFIER);
        assertThat(CmsEnvelope.open(env, BANK_ENC, VERIFIER, Instant.now()).document()).isEqualTo(DOC);
    }

    @Test
    void cryptoOperationsAreCounted() {
        long signs = CryptoOperations.SIGN.count();
        long wraps = CryptoOperations.KEY_WRAP.count();
        sealFromBranch(DOC);
        assertThat(CryptoOperations.SIGN.count()).isGreaterThanOrEqualTo(signs + 1);
        assertThat(CryptoOperations.KEY_WRAP.count()).isGreaterThanOrEqualTo(wraps + 2);
    }

    @Nested
    class Refuses {

        @Test
        void anEnvelopeNotAddressedToUs() {
            byte[] env = sealFromBranch(DOC);
            assertError(() -> CmsEnvelope.open(env, SamplePki.key("005", "encryption"), VERIFIER, Instant.now()),
                    GatewayError.NOT_FOR_US);
        }

        @Test
        void anEnvelopeWhoseCiphertextOrTagWasAltered() {
            byte[] env = sealFromBranch(DOC);
            byte[] lastByte = env.clone();
            lastByte[lastByte.length - 1] ^= 1;
            assertError(() -> CmsEnvelope.open(lastByte, BANK_ENC, VERIFIER, Instant.now()), GatewayError.TAMPERED);
            byte[] middle = env.clone();
            middle[middle.length - 40] ^= 1;
            assertError(() -> CmsEnvelope.open(middle, BANK_ENC, VERIFIER, Instant.now()), GatewayError.TAMPERED);
        }

        @Test
        void bytesThatAreNotCms() {
            assertError(() -> CmsEnvelope.open("hello".getBytes(StandardCharsets.UTF_8), BANK_ENC, VERIFIER, Instant.now()),
                    GatewayError.ENVELOPE_MALFORMED);
        }

        @Test
        void aSignedDataWhereAnEnvelopeBelongs() {
            byte[] signedOnly = new CmsSigner(BRANCH).sign(DOC);
            assertError(() -> CmsEnvelope.open(signedOnly, BANK_ENC, VERIFIER, Instant.now()), GatewayError.WRONG_CONTENT_TYPE);
        }

        @Test
        void anEnvelopedDataEvenWithGcmBecauseOpenSslCannotOpenIt() throws Exception {
            CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
            gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(BANK_ENC.certificate()).setProvider(Crypto.PROVIDER));
            byte[] env = gen.generate(new CMSProcessableByteArray(new CmsSigner(BRANCH).sign(DOC)),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(Crypto.PROVIDER).build()).getEncoded();
            assertError(() -> CmsEnvelope.open(env, BANK_ENC, VERIFIER, Instant.now()), GatewayError.WRONG_CONTENT_TYPE);
        }

        @Test
        void keyTransportWithPkcs1v15InsteadOfOaep() throws Exception {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(BANK_ENC.certificate()).setProvider(Crypto.PROVIDER));
            byte[] env = gen.generate(new CMSProcessableByteArray(new CmsSigner(BRANCH).sign(DOC)),
                    (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider(Crypto.PROVIDER).build())
                    .getEncoded();
            assertError(() -> CmsEnvelope.open(env, BANK_ENC, VERIFIER, Instant.now()), GatewayError.WRONG_CONTENT_TYPE);
        }

        @Test
        void anEnvelopeWhoseInnerContentIsNotSignedData() {
            byte[] env = CmsEnvelope.encrypt(DOC, List.of(BANK_ENC.certificate()), CmsEnvelope.RecipientIdentifier.ISSUER_AND_SERIAL);
            assertError(() -> CmsEnvelope.open(env, BANK_ENC, VERIFIER, Instant.now()), GatewayError.WRONG_CONTENT_TYPE);
        }

        @Test
        void aSignatureOverAlteredContent() {
            byte[] signed = new CmsSigner(BRANCH).sign(DOC);
            int at = indexOf(signed, "1100295393A".getBytes(StandardCharsets.US_ASCII));
            signed[at] = '9';
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.BAD_SIGNATURE);
        }

        @Test
        void aSignerThatChainsToNoConfiguredAnchor() throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name n = new X500Name("CN=004, O=Impostor");
            X509Certificate self = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(n,
                    BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plusSeconds(3600)), n,
                    kp.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            byte[] signed = new CmsSigner(new KeyMaterial(kp.getPrivate(), List.of(self))).sign(DOC);
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.UNKNOWN_SIGNER);
        }

        @Test
        void aRevokedSigner() {
            byte[] signed = new CmsSigner(SamplePki.key("TPE", "signing-revoked")).sign(DOC);
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.SIGNER_REVOKED);
        }

        @Test
        void anExpiredSigner() {
            byte[] signed = new CmsSigner(SamplePki.key("TPE", "signing-expired")).sign(DOC);
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.SIGNER_EXPIRED);
        }

        @Test
        void aSignerWhoseCertificateExpiredBeforeReceptionEvenIfItSignedInTime() {
            byte[] signed = new CmsSigner(BRANCH).sign(DOC);
            Instant afterExpiry = BRANCH.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
            assertError(() -> VERIFIER.verify(signed, afterExpiry), GatewayError.SIGNER_EXPIRED);
        }

        @Test
        void aCertificateThatMayNotSign() {
            byte[] signed = new CmsSigner(BANK_ENC).sign(DOC);
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.SIGNER_NOT_AUTHORISED);
        }

        @Test
        void aSigningTimeInTheFuture() {
            byte[] signed = new CmsSigner(BRANCH).sign(DOC, Instant.now().plus(Duration.ofHours(1)));
            assertError(() -> VERIFIER.verify(signed, Instant.now()), GatewayError.SIGNING_TIME_IN_FUTURE);
        }
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, GatewayError expected) {
        assertThatThrownBy(call).isInstanceOf(EnvelopeException.class)
                .satisfies(e -> assertThat(((EnvelopeException) e).error()).as(e.getMessage()).isEqualTo(expected));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i <= hay.length - needle.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
