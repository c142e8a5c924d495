package tw.gov.aee.gateway.crypto;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.pki.*}: where the key material and trust configuration live, laid out as
 * {@code certs-sample/} is (see its README).
 *
 * @param dir      the PKI folder: {@code ca/}, {@code gateway/}, {@code parties/<code>/}
 * @param password the keystores' password; the sample default is published, prod sets it from
 *                 the environment
 */
@Validated
@ConfigurationProperties(prefix = "gateway.pki")
public record PkiProperties(
        @NotBlank @DefaultValue("certs-sample") String dir,
        @NotNull char[] password) {

    public Path directory() { return Path.of(dir); }

    /** {@code ca/truststore.p12}: the only TLS trust anchors (never the JRE's cacerts). */
    public Path trustStore() { return directory().resolve("ca/truststore.p12"); }

    /** {@code ca/ca-bundle.pem}: the anchors signatures must chain to. */
    public Path caBundle() { return directory().resolve("ca/ca-bundle.pem"); }

    /** The CRLs checked on every incoming signature. */
    public List<Path> crls() {
        return List.of(directory().resolve("ca/issuing-ca.crl.pem"), directory().resolve("ca/root-ca.crl.pem"));
    }

    /** A file under the PKI folder, e.g. {@code parties/TPE/signing.p12}. */
    public Path path(String relative) {
        return directory().resolve(relative);
    }

    /** The anchors and CRLs every signature is checked against. */
    public CertificateValidator validator() {
        return CertificateValidator.fromFiles(caBundle(), crls());
    }

    /** Validates signatures against the configured anchors and CRLs. */
    public SignatureVerifier signatureVerifier() {
        return new SignatureVerifier(CertificateValidator.fromFiles(caBundle(), crls()));
    }

    @Override
    public String toString() {
        return "PkiProperties[dir=" + dir + ", password=***]";
    }
}
