package tw.gov.aee.gateway.crypto;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Trust (CA bundle + CRLs) and signature verification, loaded once. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PkiProperties.class)
public class CryptoConfiguration {

    @Bean
    CertificateValidator certificateValidator(PkiProperties pki) {
        return pki.validator();
    }

    @Bean
    SignatureVerifier signatureVerifier(CertificateValidator validator) {
        return new SignatureVerifier(validator);
    }

    @Bean
    KeyRing keyRing(PkiProperties pki) {
        return new KeyRing(pki);
    }
}
