package tw.gov.aee.gateway.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.dispatch.BrokerProperties;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Starts the simulated BROKER banks and agencies with the other simulated parties
 * ({@code gateway.simulator.enabled=true}); they connect to the broker's party acceptor
 * ({@code gateway.broker.*}) with the broker passwords configured for them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gateway.simulator", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({BrokerProperties.class, PkiProperties.class})
public class SimulatedBrokerConfiguration {

    @Bean(initMethod = "start", destroyMethod = "stop")
    SimulatedBrokerParties simulatedBrokerParties(BrokerProperties broker, PkiProperties pki,
                                                  ParticipantsDirectory participantsDirectory,
                                                  ObjectProvider<EmbeddedActiveMQ> embeddedBroker) {
        embeddedBroker.ifAvailable(b -> { }); // the embedded broker (when there is one) runs before they connect
        Map<String, String> passwords = new LinkedHashMap<>();
        broker.users().forEach((code, user) -> passwords.put(code, user.password()));
        return new SimulatedBrokerParties(participantsDirectory, pki.directory(), pki.password(),
                pki.signatureVerifier(), new SimulatedBrokerParties.BrokerAccess(broker.host(), broker.port(), broker.tls(),
                        passwords));
    }
}
