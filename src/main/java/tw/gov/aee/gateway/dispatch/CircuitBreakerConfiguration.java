package tw.gov.aee.gateway.dispatch;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

/** The circuit breakers per recipient, from {@code gateway.circuit-breaker.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CircuitBreakerProperties.class)
class CircuitBreakerConfiguration {

    @Bean
    RecipientBreakers recipientBreakers(CircuitBreakerProperties properties, MeterRegistry meters) {
        return new RecipientBreakers(properties, meters);
    }
}
