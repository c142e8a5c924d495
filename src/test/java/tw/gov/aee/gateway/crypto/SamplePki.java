package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test access to the committed sample PKI under {@code certs-sample/}. */
public final class SamplePki {

    public static final Path DIR = Path.of("certs-sample");
    /** The published SAMPLE password (certs-sample/README.md). */
    public static final char[] PASSWORD = "sample-only".toCharArray();
    private static final Map<Path, KeyMaterial> KEYS = new ConcurrentHashMap<>();
    private static volatile CertificateValidator validator;

    private SamplePki() { }

    /** {@code certs-sample/parties/<code>/<name>.p12}, e.g. {@code key("004", "signing")}. */
    public static KeyMaterial key(String party, String name) {
        return KEYS.computeIfAbsent(party(party, name + ".p12"), p -> KeyMaterial.fromPkcs12(p, PASSWORD));
    }

    public static KeyMaterial gatewayKey(String name) {
        return KEYS.computeIfAbsent(DIR.resolve("gateway").resolve(name + ".p12"), p -> KeyMaterial.fromPkcs12(p, PASSWORD));
    }

    public static Path party(String party, String file) {
        return DIR.resolve("parties").resolve(party).resolve(file);
    }

    public static X509Certificate cert(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CertificateValidator validator() {
        if (validator == null) {
            validator = CertificateValidator.fromFiles(DIR.resolve("ca/ca-bundle.pem"),
                    List.of(DIR.resolve("ca/issuing-ca.crl.pem"), DIR.resolve("ca/root-ca.crl.pem")));
        }
        return validator;
    }

    public static SignatureVerifier verifier() {
        return new SignatureVerifier(validator());
    }
}
