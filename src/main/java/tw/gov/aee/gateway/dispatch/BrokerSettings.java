package tw.gov.aee.gateway.dispatch;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retries happen by broker redelivery, never by sleeping in a consumer (DESIGN §9): a rolled-back
 * message comes back after a delay that doubles each time, with jitter, up to a maximum; after the
 * last attempt it goes to the dead-letter address. This customises the embedded broker; an
 * external broker carries the same address settings in its broker.xml.
 *
 * <p>The dead-letter address has one durable anycast queue of the same name, declared here, which
 * route {@code park-dead-letter} consumes. Artemis's auto-created dead-letter resources are off:
 * they would add a filtered queue per original address ({@code DLQ.gateway.deliver.push}) beside
 * ours, and anycast routing would split the dead letters between them. The dead-letter queue
 * itself retries forever (with the same backoff), so a failing park is never dropped.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DispatchProperties.class, RedeliveryProperties.class})
class BrokerSettings {

    @Bean
    ArtemisConfigurationCustomizer gatewayRedelivery(RedeliveryProperties r) {
        return config -> {
            config.addAddressSetting("gateway.#", retries(r)
                    .setMaxDeliveryAttempts(r.maxAttempts())
                    .setDeadLetterAddress(SimpleString.of(r.deadLetterAddress()))
                    .setAutoCreateDeadLetterResources(false));
            config.addAddressSetting(r.deadLetterAddress(), retries(r).setMaxDeliveryAttempts(-1));
            config.addQueueConfiguration(QueueConfiguration.of(r.deadLetterAddress())
                    .setAddress(r.deadLetterAddress()).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        };
    }

    private static AddressSettings retries(RedeliveryProperties r) {
        return new AddressSettings()
                .setRedeliveryDelay(r.initialDelay().toMillis())
                .setRedeliveryMultiplier(r.multiplier())
                .setRedeliveryCollisionAvoidanceFactor(r.jitter())
                .setMaxRedeliveryDelay(r.maxDelay().toMillis());
    }
}
