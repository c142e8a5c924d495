package tw.gov.aee.gateway.crypto;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * {@code gateway.pki.*}: where the gateway's and the branches' key material lives. The password
 * comes from the environment ({@code GATEWAY_KEYSTORE_PASSWORD}); only the sample PKI's default
 * is in the repository.
 *
 * @param dir      the PKI folder: {@code ca/}, {@code gateway/}, {@code parties/<code>/}
 * @param password keystore password (never logged)
 */
@Validated
@ConfigurationProperties(prefix = "gateway.pki")
public record PkiProperties(@NotBlank @DefaultValue("certs-sample") String dir, @NotBlank String password) {

    public Path path(String relative) {
        return Path.of(dir).resolve(relative);
    }

    /** The CA bundle and CRLs every signature is checked against. */
    public CertificateValidator validator() {
        return CertificateValidator.fromFiles(path("ca/ca-bundle.pem"),
                List.of(path("ca/issuing-ca.crl.pem"), path("ca/root-ca.crl.pem")));
    }

    @Override
    public String toString() {
        return "PkiProperties[dir=" + dir + ", password=***]";
    }
}
