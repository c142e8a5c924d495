package tw.gov.aee.gateway.dispatch;

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
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DispatchProperties.class, RedeliveryProperties.class})
class BrokerSettings {

    @Bean
    ArtemisConfigurationCustomizer gatewayRedelivery(RedeliveryProperties r) {
        return config -> config.addAddressSetting("gateway.#", new AddressSettings()
                .setRedeliveryDelay(r.initialDelay().toMillis())
                .setRedeliveryMultiplier(r.multiplier())
                .setRedeliveryCollisionAvoidanceFactor(r.jitter())
                .setMaxRedeliveryDelay(r.maxDelay().toMillis())
                .setMaxDeliveryAttempts(r.maxAttempts())
                .setDeadLetterAddress(SimpleString.of(r.deadLetterAddress()))
                .setAutoCreateDeadLetterResources(true));
    }
}
