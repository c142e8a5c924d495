package tw.gov.aee.gateway.crypto;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.SignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

import tw.gov.aee.gateway.GatewayError;

/**
 * Verifies a CMS SignedData: exactly one signer, SHA-256 digest, a signature that verifies against
 * the certificate carried in the structure, a signingTime not in the future, and a signer
 * certificate that {@link CertificateValidator} accepts at the time of reception. Thread-safe.
 */
public final class SignatureVerifier {

    /** How far a claimed signing time may lie ahead of our clock (clock skew between systems). */
    public static final Duration DEFAULT_ALLOWED_SKEW = Duration.ofMinutes(5);

    // What BouncyCastle's JcaSimpleSignerInfoVerifierBuilder builds afresh for every signature
    // (with Crypto.DIGESTS): the name generator fills a table of ~100 algorithms each time. Both
    // are read-only after construction, so one of each serves every thread.
    private static final CMSSignatureAlgorithmNameGenerator SIGNATURE_NAMES = new DefaultCMSSignatureAlgorithmNameGenerator();
    private static final SignatureAlgorithmIdentifierFinder SIGNATURE_ALGORITHMS = new DefaultSignatureAlgorithmIdentifierFinder();

    private final CertificateValidator validator;
    private final Duration allowedSkew;

    public SignatureVerifier(CertificateValidator validator) {
        this(validator, DEFAULT_ALLOWED_SKEW);
    }

    public SignatureVerifier(CertificateValidator validator, Duration allowedSkew) {
        this.validator = validator;
        this.allowedSkew = allowedSkew;
    }

    /** Verifies at the current time. */
    public VerifiedContent verify(byte[] signedData) {
        return verify(signedData, Clock.systemUTC().instant());
    }

    /**
     * @param receivedAt when the signed data entered our system: certificate validity and
     *                   revocation are judged at this moment
     */
    public VerifiedContent verify(byte[] signedData, Instant receivedAt) {
        CMSSignedData sd;
        try {
            sd = new CMSSignedData(signedData);
        } catch (CMSException | RuntimeException e) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "content is not a CMS SignedData", e);
        }
        if (sd.getSignedContent() == null) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "SignedData has no encapsulated content (detached)");
        }
        return check(sd, receivedAt);
    }

    /**
     * Verifies a detached signature (a SignedData without content, e.g. a webhook's
     * {@code X-Gateway-Signature}) over {@code content}, with the same checks as {@link #verify}.
     */
    public VerifiedContent verifyDetached(byte[] signature, byte[] content, Instant receivedAt) {
        CMSSignedData sd;
        try {
            CMSSignedData parsed = new CMSSignedData(signature);
            if (parsed.getSignedContent() != null) {
                throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "expected a detached signature, found content");
            }
            sd = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        } catch (CMSException | IllegalArgumentException e) {
            throw new EnvelopeException(GatewayError.WRONG_CONTENT_TYPE, "signature is not a CMS SignedData", e);
        }
        return check(sd, receivedAt);
    }

    /**
     * The cryptographic part of {@link #verify} alone: the one signer's signature over its signed
     * attributes and content, with the certificate the SignedData carries — no path validation, no
     * CRL, no time checks. Only for measuring the cost of the operation (the benchmark's ceiling);
     * never a reason to accept anything. Not counted in {@link CryptoOperations}.
     */
    public static boolean signatureHolds(byte[] signedData) {
        try {
            CMSSignedData sd = new CMSSignedData(signedData);
            SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            X509CertificateHolder holder = (X509CertificateHolder) sd.getCertificates().getMatches(si.getSID()).iterator().next();
            return si.verify(verifierFor(holder, CertificateForms.jdk(holder)));
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return false;
        }
    }

    private VerifiedContent check(CMSSignedData sd, Instant receivedAt) {
        Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new EnvelopeException(GatewayError.BAD_SIGNATURE, "expected exactly one signer, found " + signers.size());
        }
        SignerInformation si = signers.iterator().next();
        if (!NISTObjectIdentifiers.id_sha256.getId().equals(si.getDigestAlgOID())) {
            throw new EnvelopeException(GatewayError.BAD_SIGNATURE, "digest algorithm " + si.getDigestAlgOID() + " is not SHA-256");
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = sd.getCertificates().getMatches(si.getSID());
        if (matches.isEmpty()) {
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "the signer's certificate is not included");
        }
        X509CertificateHolder holder = matches.iterator().next();
        // Every certificate that came with the signature, each converted once (the signer's among them).
        List<X509Certificate> presented = new ArrayList<>();
        X509Certificate signer = null;
        for (Object o : sd.getCertificates().getMatches(null)) {
            X509Certificate c = toJca((X509CertificateHolder) o);
            presented.add(c);
            if (signer == null && holder.equals(o)) {
                signer = c;
            }
        }
        if (signer == null) {
            signer = toJca(holder);
        }
        Instant signingTime = signingTime(si);
        if (signingTime != null && signingTime.isAfter(receivedAt.plus(allowedSkew))) {
            throw new EnvelopeException(GatewayError.SIGNING_TIME_IN_FUTURE, "claimed signing time " + signingTime
                    + " is after reception " + receivedAt);
        }
        CryptoOperations.VERIFY.record(sd.getSignedContent() == null ? 0
                : ((byte[]) sd.getSignedContent().getContent()).length);
        try {
            if (!si.verify(verifierFor(holder, signer))) {
                throw new EnvelopeException(GatewayError.BAD_SIGNATURE, "signature of " + CertificateValidator.describe(signer)
                        + " does not verify");
            }
        } catch (CMSVerifierCertificateNotValidException e) {
            // BouncyCastle refuses a certificate that was not valid at the claimed signing time.
            throw new EnvelopeException(GatewayError.SIGNER_EXPIRED, "signer certificate "
                    + CertificateValidator.describe(signer) + " was not valid at the signing time", e);
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new EnvelopeException(GatewayError.BAD_SIGNATURE, "signature of " + CertificateValidator.describe(signer)
                    + " does not verify: " + e.getMessage(), e);
        }
        validator.validateSigner(signer, presented, receivedAt);
        byte[] content = (byte[]) sd.getSignedContent().getContent();
        return new VerifiedContent(content, signer, signingTime, si.getEncryptionAlgOID());
    }

    /**
     * What {@code new JcaSimpleSignerInfoVerifierBuilder().build(holder)} makes, without its
     * per-call cost: it would parse the signer's certificate twice more (holder to JDK form and
     * back) and rebuild its algorithm tables. The same checks follow from it: the signature with
     * the certificate's public key, and (because a certificate is associated) BouncyCastle's
     * refusal of a certificate not valid at the claimed signing time.
     */
    private static SignerInformationVerifier verifierFor(X509CertificateHolder holder, X509Certificate cert)
            throws OperatorCreationException {
        ContentVerifierProvider byKey = new JcaContentVerifierProviderBuilder().setProvider(Crypto.PROVIDER)
                .build(cert.getPublicKey());
        ContentVerifierProvider withCertificate = new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() { return true; }

            @Override
            public X509CertificateHolder getAssociatedCertificate() { return holder; }

            @Override
            public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                return byKey.get(algorithm);
            }
        };
        return new SignerInformationVerifier(SIGNATURE_NAMES, SIGNATURE_ALGORITHMS, withCertificate, Crypto.DIGESTS);
    }

    private static Instant signingTime(SignerInformation si) {
        AttributeTable attrs = si.getSignedAttributes();
        Attribute a = attrs == null ? null : attrs.get(CMSAttributes.signingTime);
        if (a == null || a.getAttrValues().size() != 1) {
            return null;
        }
        return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate().toInstant();
    }

    private static X509Certificate toJca(X509CertificateHolder holder) {
        try {
            return CertificateForms.jdk(holder);
        } catch (CertificateException e) {
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "unreadable certificate in SignedData", e);
        }
    }

    /**
     * What a verified SignedData said and who said it.
     *
     * @param signingTime the signer's claimed signing time, or null if it claimed none
     * @param signatureAlgorithm OID of the signature algorithm (RSA or ECDSA)
     */
    public record VerifiedContent(byte[] content, X509Certificate signer, Instant signingTime, String signatureAlgorithm) { }
}
