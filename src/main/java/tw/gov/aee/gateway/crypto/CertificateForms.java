package tw.gov.aee.gateway.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * The two forms of one certificate, BouncyCastle's {@link X509CertificateHolder} and the JDK's
 * {@link X509Certificate}, each converted once and remembered (issue #7). The same few dozen
 * parties sign and receive every document, and each conversion is a full parse: converting every
 * certificate of every signature (the signer's three times) and each recipient's certificate of
 * every envelope cost about 2 % of the benchmark's CPU.
 *
 * <p>Keys are the whole certificate (a holder's equality is that of its ASN.1 structure; a JDK
 * certificate's that of its encoding), so a remembered form is always of exactly that certificate.
 * Remembering says nothing about trust: {@link CertificateValidator} decides that. Certificates
 * arriving in SignedData can be anything, so the memory is bounded and starts over when full.
 */
final class CertificateForms {

    /** Bound on each memory; when full, it starts over. */
    static final int MAX_REMEMBERED = 1024;

    private static final Map<X509CertificateHolder, X509Certificate> JDK_FORM = new ConcurrentHashMap<>();
    private static final Map<X509Certificate, X509CertificateHolder> HOLDER_FORM = new ConcurrentHashMap<>();

    private CertificateForms() { }

    /** The JDK form of a certificate read from a CMS structure. */
    static X509Certificate jdk(X509CertificateHolder holder) throws CertificateException {
        X509Certificate known = JDK_FORM.get(holder);
        if (known != null) {
            return known;
        }
        X509Certificate converted = new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER).getCertificate(holder);
        remember(JDK_FORM, holder, converted);
        return converted;
    }

    /** BouncyCastle's form of a certificate we hold (our keys', a directory entry's). */
    static X509CertificateHolder holder(X509Certificate certificate) throws CertificateEncodingException {
        X509CertificateHolder known = HOLDER_FORM.get(certificate);
        if (known != null) {
            return known;
        }
        X509CertificateHolder converted = new JcaX509CertificateHolder(certificate);
        remember(HOLDER_FORM, certificate, converted);
        return converted;
    }

    private static <K, V> void remember(Map<K, V> memory, K key, V value) {
        if (memory.size() >= MAX_REMEMBERED) {
            memory.clear();
        }
        memory.put(key, value);
    }
}
