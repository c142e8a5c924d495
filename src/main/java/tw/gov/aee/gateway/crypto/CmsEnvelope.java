package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KeyTransRecipientInfoGenerator;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.AsymmetricKeyWrapper;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceAsymmetricKeyWrapper;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import tw.gov.aee.gateway.GatewayError;

/**
 * The end-to-end envelope of DESIGN §4: a CMS SignedData (see {@link CmsSigner}) encrypted as CMS
 * AuthEnvelopedData with AES-256-GCM, the content key wrapped with RSA-OAEP (SHA-256,
 * MGF1-SHA-256, written explicitly) for each recipient — the addressee and the gateway's archive.
 * The inner content type is id-data holding the DER SignedData, as {@code openssl cms -encrypt}
 * writes it. Opening accepts recipients identified by issuer-and-serial or by subject key
 * identifier, DER or BER. Every refusal is an {@link EnvelopeException} with its own
 * {@link GatewayError}.
 */
public final class CmsEnvelope {

    /** How each recipient is named inside the envelope. */
    public enum RecipientIdentifier { ISSUER_AND_SERIAL, SUBJECT_KEY_IDENTIFIER }

    private static final AlgorithmIdentifier OAEP_SHA256;

    static {
        try {
            OAEP_SHA256 = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (java.security.InvalidAlgorithmParameterException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CmsEnvelope() { }

    /** Signs {@code document} with {@code signer}, then encrypts the SignedData for every recipient. */
    public static byte[] seal(byte[] document, CmsSigner signer, List<X509Certificate> recipients) {
        return encrypt(signer.sign(document), recipients, RecipientIdentifier.ISSUER_AND_SERIAL);
    }

    /**
     * Decrypts with {@code recipient}'s key, then verifies the inner SignedData and its signer at
     * {@code receivedAt}.
     */
    public static Opened open(byte[] envelope, KeyMaterial recipient, SignatureVerifier verifier, Instant receivedAt) {
        byte[] signed = decrypt(envelope, recipient);
        SignatureVerifier.VerifiedContent v = verifier.verify(signed, receivedAt);
        return new Opened(v.content(), v.signer(), v.signingTime(), sha256Hex(envelope), signed);
    }

    public static byte[] encrypt(byte[] content, List<X509Certificate> recipients, RecipientIdentifier identifier) {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        try {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            for (X509Certificate cert : recipients) {
                JceAsymmetricKeyWrapper wrapper = new JceAsymmetricKeyWrapper(OAEP_SHA256, cert.getPublicKey())
                        .setProvider(Crypto.PROVIDER);
                gen.addRecipientInfoGenerator(identifier == RecipientIdentifier.ISSUER_AND_SERIAL
                        ? new ByIssuerAndSerial(cert, wrapper)
                        : new JceKeyTransRecipientInfoGenerator(subjectKeyIdentifier(cert), wrapper));
            }
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(Crypto.PROVIDER).build();
            CMSAuthEnvelopedData data = gen.generate(new CMSProcessableByteArray(content), encryptor);
            CryptoOperations.ENCRYPT.record(content.length);
            CryptoOperations.KEY_WRAP.add(recipients.size());
            return data.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (CMSException | IOException | CertificateEncodingException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** Opens the AuthEnvelopedData with our key and returns the inner content (the SignedData). */
    public static byte[] decrypt(byte[] envelope, KeyMaterial recipient) {
        ContentInfo ci;
        try {
            ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(envelope));
        } catch (IOException | RuntimeException e) {
            throw new EnvelopeException(GatewayError.ENVELOPE_MALFORMED, "not a CMS ContentInfo", e);
        }
        if (ci == null || !CMSObjectIdentifiers.authEnvelopedData.equals(ci.getContentType())) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "expected AuthEnvelopedData, found "
                    + (ci == null ? "nothing" : ci.getContentType()));
        }
        CMSAuthEnvelopedData data;
        try {
            data = new CMSAuthEnvelopedData(ci);
        } catch (CMSException | RuntimeException e) {
            throw new EnvelopeException(GatewayError.ENVELOPE_MALFORMED, "unreadable AuthEnvelopedData", e);
        }
        if (!NISTObjectIdentifiers.id_aes256_GCM.getId().equals(data.getEncryptionAlgOID())) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "content encryption "
                    + data.getEncryptionAlgOID() + " is not AES-256-GCM");
        }
        KeyTransRecipientInformation mine = findRecipient(data, recipient.certificate());
        requireOaepSha256(mine.getKeyEncryptionAlgorithm());
        CryptoOperations.DECRYPT.record(envelope.length);
        try {
            return mine.getContent(new JceKeyTransAuthEnvelopedRecipient(recipient.privateKey()).setProvider(Crypto.PROVIDER));
        } catch (CMSException e) {
            if (isKeyUnwrapFailure(e)) {
                // Our name is on the envelope but our key cannot unwrap its key: the wrapped key
                // was made for another key pair or altered.
                throw new EnvelopeException(GatewayError.NOT_FOR_US, "the content key cannot be unwrapped with our key", e);
            }
            throw new EnvelopeException(GatewayError.TAMPERED, "authenticated decryption failed: the envelope was altered", e);
        } catch (RuntimeException e) {
            throw new EnvelopeException(GatewayError.TAMPERED, "authenticated decryption failed: the envelope was altered", e);
        }
    }

    private static KeyTransRecipientInformation findRecipient(CMSAuthEnvelopedData data, X509Certificate cert) {
        X509CertificateHolder holder;
        try {
            holder = CertificateForms.holder(cert);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        for (RecipientInformation ri : data.getRecipientInfos().getRecipients()) {
            if (ri instanceof KeyTransRecipientInformation kt && kt.getRID().match(holder)) {
                return kt;
            }
        }
        throw new EnvelopeException(GatewayError.NOT_FOR_US, "no recipient in the envelope matches "
                + CertificateValidator.describe(cert));
    }

    private static void requireOaepSha256(AlgorithmIdentifier kea) {
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(kea.getAlgorithm())) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "key transport " + kea.getAlgorithm()
                    + " is not RSA-OAEP");
        }
        RSAESOAEPparams p = RSAESOAEPparams.getInstance(kea.getParameters());
        ASN1ObjectIdentifier hash = p.getHashAlgorithm().getAlgorithm();
        AlgorithmIdentifier mgf = p.getMaskGenAlgorithm();
        ASN1ObjectIdentifier mgfHash = mgf.getParameters() == null ? null
                : AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm();
        if (!NISTObjectIdentifiers.id_sha256.equals(hash) || !PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
                || !NISTObjectIdentifiers.id_sha256.equals(mgfHash)) {
            // Absent parameters mean SHA-1 and MGF1-SHA-1 (RFC 4055), which we do not accept.
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "RSA-OAEP must use SHA-256 and MGF1-SHA-256");
        }
    }

    private static boolean isKeyUnwrapFailure(CMSException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase();
        return m.contains("unwrap") || m.contains("key invalid") || m.contains("bad padding");
    }

    private static byte[] subjectKeyIdentifier(X509Certificate cert) throws CertificateEncodingException {
        SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(CertificateForms.holder(cert).getExtensions());
        if (ski == null) {
            throw new IllegalArgumentException("certificate " + CertificateValidator.describe(cert)
                    + " has no subject key identifier");
        }
        return ski.getKeyIdentifier();
    }

    /**
     * What {@code new JceKeyTransRecipientInfoGenerator(cert, OAEP_SHA256)} makes, naming the
     * recipient from the certificate's remembered holder: that constructor parses the certificate
     * again for every envelope.
     */
    private static final class ByIssuerAndSerial extends KeyTransRecipientInfoGenerator {
        ByIssuerAndSerial(X509Certificate cert, AsymmetricKeyWrapper wrapper) throws CertificateEncodingException {
            super(new IssuerAndSerialNumber(CertificateForms.holder(cert).toASN1Structure()), wrapper);
        }
    }

    /** Lower-case hex SHA-256 of the exact bytes, as a Receipt carries it. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An opened, verified envelope.
     *
     * @param document       the signed document bytes
     * @param signer         the signer's certificate (validated at reception)
     * @param signingTime    the claimed signing time, or null
     * @param envelopeSha256 lower-case hex SHA-256 of the envelope bytes received
     * @param signedData     the inner SignedData, kept as evidence
     */
    public record Opened(byte[] document, X509Certificate signer, Instant signingTime, String envelopeSha256,
                         byte[] signedData) { }
}
