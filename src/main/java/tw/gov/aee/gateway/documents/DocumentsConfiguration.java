package tw.gov.aee.gateway.documents;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** The reader and the rules as shared, thread-safe beans (each builds its JAXB/Jackson state once). */
@Configuration(proxyBeanMethods = false)
public class DocumentsConfiguration {

    @Bean
    DocumentReader documentReader() {
        return new DocumentReader();
    }

    @Bean
    DocumentRules documentRules(ParticipantsDirectory directory) {
        return new DocumentRules(directory);
    }
}
