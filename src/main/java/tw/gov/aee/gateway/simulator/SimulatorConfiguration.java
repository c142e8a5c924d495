package tw.gov.aee.gateway.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Starts the simulated banks and agencies inside the gateway's process when
 * {@code gateway.simulator.enabled=true} (the {@code demo} profile), so that pushed documents are
 * answered at the endpoints the shipped directory names ({@code https://localhost:8543/...}), and
 * the simulated PULL parties fetch and acknowledge their documents from the gateway's mailbox.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({SimulatorProperties.class, PkiProperties.class})
public class SimulatorConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    SimulatedParties simulatedParties(SimulatorProperties simulator, PkiProperties pki, ParticipantsDirectory participantsDirectory) {
        return new SimulatedParties(participantsDirectory, pki.directory(), pki.password(), simulator.port(),
                pki.signatureVerifier());
    }

    /** Starts polling once the gateway's web server is up (it learns the port from that event). */
    @Bean(destroyMethod = "close")
    SimulatedPullClients simulatedPullClients(SimulatorProperties simulator, PkiProperties pki,
                                              ParticipantsDirectory participantsDirectory) {
        return new SimulatedPullClients(participantsDirectory, pki.directory(), pki.password(), pki.signatureVerifier(),
                simulator.pullInterval(), simulator.pullBatch());
    }
}
