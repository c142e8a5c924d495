package tw.gov.aee.gateway.simulator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.replies.FileExchangeProperties;

/**
 * The simulated banks' seizure replies, with the simulator only ({@code gateway.simulator.enabled});
 * {@code gateway.simulator.replies.enabled} says whether they answer by themselves (the demo) or
 * only when a test asks.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({SimulatorProperties.class, PkiProperties.class, FileExchangeProperties.class})
public class SimulatedRepliesConfiguration {

    @Bean(destroyMethod = "close")
    SimulatedReplies simulatedReplies(SimulatorProperties simulator, PkiProperties pki, ParticipantsDirectory participantsDirectory,
                                      SimulatedParties simulatedParties, SimulatedPullClients simulatedPullClients,
                                      SimulatedBrokerParties simulatedBrokerParties, FileExchangeProperties files,
                                      SimulatedFileParties simulatedFileParties) {
        SimulatedReplies replies = new SimulatedReplies(participantsDirectory, pki.directory(), pki.password(), pki.signatureVerifier(),
                simulatedParties, simulatedPullClients, simulatedBrokerParties, files.dir(),
                simulator.replies());
        simulatedFileParties.onProcessed(replies.processedListener()); // 009 answers as the other banks do
        return replies;
    }
}
