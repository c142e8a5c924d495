package tw.gov.aee.gateway.simulator;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.replies.FileExchangeProperties;

/**
 * Starts the simulated FILE banks and agencies with the other simulated parties
 * ({@code gateway.simulator.enabled=true}); they poll their folders under
 * {@code gateway.file-exchange.dir} every {@code gateway.file-exchange.poll-delay}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({PkiProperties.class, FileExchangeProperties.class})
public class SimulatedFileConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    SimulatedFileParties simulatedFileParties(PkiProperties pki, ParticipantsDirectory participantsDirectory,
                                              FileExchangeProperties files) {
        return new SimulatedFileParties(participantsDirectory, pki.directory(), pki.password(), pki.signatureVerifier(),
                files.dir(), Duration.ofMillis(files.pollDelay()));
    }
}
