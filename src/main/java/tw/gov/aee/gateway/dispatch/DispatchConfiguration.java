package tw.gov.aee.gateway.dispatch;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** The gateway's side of pushed deliveries: the TLS client and the receipt check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PushProperties.class, PkiProperties.class})
public class DispatchConfiguration {

    @Bean(destroyMethod = "close")
    PushClient pushClient(PushProperties push, PkiProperties pki) {
        return new PushClient(pki.trustStore(), pki.password(), push.connectTimeout(), push.receiveTimeout());
    }

    @Bean
    ReceiptVerifier receiptVerifier(SignatureVerifier signatureVerifier, ParticipantsDirectory participantsDirectory,
                                    DocumentReader reader) {
        return new ReceiptVerifier(signatureVerifier, participantsDirectory, reader);
    }
}
