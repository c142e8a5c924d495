package tw.gov.aee.gateway.operators;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator accounts from {@code gateway.operators.accounts}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorProperties.class)
class OperatorsConfiguration {

    @Bean
    OperatorAuthenticator operatorAuthenticator(OperatorProperties properties) {
        return new OperatorAuthenticator(properties);
    }
}
