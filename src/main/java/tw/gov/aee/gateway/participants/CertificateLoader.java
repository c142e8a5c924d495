package tw.gov.aee.gateway.participants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** Reads one X.509 certificate from a file; tests inject their own. */
@FunctionalInterface
public interface CertificateLoader {

    X509Certificate load(Path file) throws IOException, GeneralSecurityException;

    /**
     * The JDK's X.509 {@link CertificateFactory}: PEM or DER, the first certificate in the file.
     * (BouncyCastle stays in {@code crypto/}.)
     */
    static CertificateLoader jdk() {
        return file -> {
            try (InputStream in = Files.newInputStream(file)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        };
    }
}
