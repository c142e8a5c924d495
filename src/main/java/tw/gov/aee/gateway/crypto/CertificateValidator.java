package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tw.gov.aee.gateway.GatewayError;

/**
 * Decides whether a signer's certificate is acceptable at a given moment: within its validity,
 * allowed to sign (keyUsage digitalSignature or nonRepudiation), chaining to a configured trust
 * anchor — never the JRE's cacerts — and not revoked according to the configured CRLs (a CA
 * without a CRL makes the status undetermined, which is a refusal). Thread-safe; its anchors and
 * CRLs never change after construction (new CRLs mean a new validator).
 *
 * <p>A path that validated is remembered with the interval over which that verdict cannot change:
 * the intersection of the validity of every certificate in the path and of every CRL's
 * thisUpdate–nextUpdate. Within it the inputs of PKIX validation are the same (the same
 * certificates, the same CRLs, all of them current), so the verdict is the same; outside it the
 * path is validated again. Refusals are never remembered. The same few dozen banks, agencies and
 * branches sign every document, so this spares a path build and a PKIX validation per signature.
 */
public final class CertificateValidator {

    /** Bound on remembered paths; when full, the memory starts over. */
    static final int MAX_REMEMBERED = 4096;

    private final Set<TrustAnchor> anchors;
    private final List<Object> storeContent;
    private final List<X509CRL> crls;
    private final Map<List<X509Certificate>, Interval> validated = new ConcurrentHashMap<>();

    public CertificateValidator(Collection<X509Certificate> caCertificates, Collection<X509CRL> crls) {
        this.anchors = new HashSet<>();
        this.storeContent = new ArrayList<>();
        for (X509Certificate ca : caCertificates) {
            if (ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
                anchors.add(new TrustAnchor(ca, null));
            } else {
                storeContent.add(ca);
            }
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("no self-signed trust anchor among the CA certificates");
        }
        storeContent.addAll(crls);
        this.crls = List.copyOf(crls);
    }

    /** Reads a PEM bundle of CA certificates and any number of PEM or DER CRL files. */
    public static CertificateValidator fromFiles(Path caBundle, List<Path> crlFiles) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> cas = new ArrayList<>();
            try (InputStream in = Files.newInputStream(caBundle)) {
                for (Certificate c : cf.generateCertificates(in)) {
                    cas.add((X509Certificate) c);
                }
            }
            List<X509CRL> crls = new ArrayList<>();
            for (Path p : crlFiles) {
                try (InputStream in = Files.newInputStream(p)) {
                    cf.generateCRLs(in).forEach(c -> crls.add((X509CRL) c));
                }
            }
            return new CertificateValidator(cas, crls);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read trust configuration " + caBundle + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks a signing certificate at {@code at} (the time the document was received).
     *
     * @param presented further certificates that came with the signature (candidate intermediates,
     *                  never anchors)
     */
    public void validateSigner(X509Certificate cert, Collection<X509Certificate> presented, Instant at) {
        List<X509Certificate> key = new ArrayList<>(presented.size() + 1);
        key.add(cert);
        key.addAll(presented);
        Interval known = validated.get(key);
        if (known != null && known.contains(at)) {
            // This certificate passed every check below with these companions, and at this time
            // none of their inputs differs: its path's validity covers the interval, and its key
            // usage is its own.
            return;
        }
        String who = describe(cert);
        try {
            cert.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new EnvelopeException(GatewayError.SIGNER_EXPIRED, "signer certificate " + who
                    + " is not valid at " + at + " (valid " + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ")");
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !(ku[0] || ku[1])) {
            throw new EnvelopeException(GatewayError.SIGNER_NOT_AUTHORISED,
                    "certificate " + who + " has neither digitalSignature nor nonRepudiation key usage");
        }
        CertPath path = buildPath(cert, presented, at, who);
        try {
            PKIXParameters params = new PKIXParameters(anchors);
            params.addCertStore(store(presented));
            params.setDate(Date.from(at));
            params.setRevocationEnabled(true);
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                throw new EnvelopeException(GatewayError.SIGNER_REVOKED,
                        "certificate " + who + " (or its issuer) is revoked", e);
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw new EnvelopeException(GatewayError.SIGNER_EXPIRED,
                        "a certificate in the path of " + who + " is not valid at " + at, e);
            }
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER,
                    "certificate " + who + " failed path validation: " + e.getMessage(), e);
        } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("PKIX unavailable", e);
        }
        remember(key, path, at);
    }

    /** Number of paths remembered as valid (for tests). */
    int remembered() {
        return validated.size();
    }

    private void remember(List<X509Certificate> key, CertPath path, Instant at) {
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (Certificate c : path.getCertificates()) {
            X509Certificate x = (X509Certificate) c;
            from = later(from, x.getNotBefore().toInstant());
            until = earlier(until, x.getNotAfter().toInstant());
        }
        for (X509CRL crl : crls) {
            from = later(from, crl.getThisUpdate().toInstant());
            if (crl.getNextUpdate() != null) {
                until = earlier(until, crl.getNextUpdate().toInstant());
            }
        }
        Interval interval = new Interval(from, until);
        if (!interval.contains(at)) {
            return;
        }
        if (validated.size() >= MAX_REMEMBERED) {
            validated.clear();
        }
        validated.put(List.copyOf(key), interval);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Closed interval [from, until]. */
    private record Interval(Instant from, Instant until) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(until);
        }
    }

    private CertPath buildPath(X509Certificate cert, Collection<X509Certificate> presented, Instant at, String who) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(cert);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.addCertStore(store(presented));
            params.setDate(Date.from(at));
            // Revocation is checked afterwards by the validator, which reports it precisely.
            params.setRevocationEnabled(false);
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            return r.getCertPath();
        } catch (CertPathBuilderException e) {
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER,
                    "certificate " + who + " does not chain to a trusted anchor", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX unavailable", e);
        }
    }

    private CertStore store(Collection<X509Certificate> presented) throws InvalidAlgorithmParameterException,
            java.security.NoSuchAlgorithmException {
        List<Object> content = new ArrayList<>(storeContent);
        content.addAll(presented);
        return CertStore.getInstance("Collection", new CollectionCertStoreParameters(content));
    }

    static String describe(X509Certificate cert) {
        return "'" + cert.getSubjectX500Principal().getName() + "' serial " + cert.getSerialNumber().toString(16);
    }
}
