package tw.gov.aee.gateway.participants;

import java.nio.file.Path;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wires the participants directory. {@code @EnableScheduling} here switches scheduling on for
 * the whole application context (Spring has no per-package scheduling); it drives
 * {@link ParticipantsDirectory#reloadIfModified()} every {@code gateway.participants.reload-interval}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ParticipantsProperties.class)
public class ParticipantsConfiguration {

    @Bean
    CertificateLocator certificateLocator(ParticipantsProperties properties) {
        return new CertificateLocator(Path.of(properties.pkiDirectory()), CertificateLoader.jdk());
    }

    @Bean
    ParticipantsDirectory participantsDirectory(ParticipantsProperties properties, CertificateLocator certificateLocator) {
        return new ParticipantsDirectory(properties.location(), certificateLocator, properties.requireCertificates());
    }
}
