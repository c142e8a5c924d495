package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs content as CMS SignedData: SHA-256, RSA PKCS#1 v1.5 or ECDSA P-256 (by the key's type),
 * content encapsulated as id-data, the signer's certificate and a signingTime attribute included —
 * the form {@code openssl cms -sign -binary -nodetach -md sha256} makes and
 * {@code openssl cms -verify} accepts. Thread-safe.
 */
public final class CmsSigner {

    private final KeyMaterial key;
    private final JcaX509CertificateHolder certificate;
    private final String algorithm;

    public CmsSigner(KeyMaterial key) {
        this.key = key;
        try {
            this.certificate = new JcaX509CertificateHolder(key.certificate());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unreadable signing certificate", e);
        }
        this.algorithm = "EC".equals(key.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** Signs with the current time as signingTime. */
    public byte[] sign(byte[] content) {
        return sign(content, Instant.now());
    }

    public byte[] sign(byte[] content, Instant signingTime) {
        return sign(content, signingTime, true);
    }

    /**
     * A detached signature: the same SignedData without the content, which travels beside it (the
     * webhook body). {@code openssl cms -verify -binary -inform DER -content body} checks it.
     */
    public byte[] signDetached(byte[] content) {
        return sign(content, Instant.now(), false);
    }

    private byte[] sign(byte[] content, Instant signingTime, boolean encapsulate) {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(algorithm).setProvider(Crypto.PROVIDER)
                    .build(key.privateKey());
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(Crypto.DIGESTS)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(contentSigner, certificate);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificate(certificate);
            CryptoOperations.SIGN.record(content.length);
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException | IOException e) {
            throw new IllegalStateException("signing failed with " + key, e);
        }
    }

    public KeyMaterial key() { return key; }
}
