package tw.gov.aee.gateway.tracking;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts {@link H2SingleWriter} in front of the data source when it is an embedded H2 database,
 * before anything (Flyway first) has used it.
 */
@Configuration(proxyBeanMethods = false)
class H2SingleWriterConfiguration {

    @Bean
    static H2SingleWriter h2SingleWriter(Environment environment) {
        return new H2SingleWriter(environment.getProperty("gateway.h2.writer-wait", Duration.class, Duration.ofSeconds(30)));
    }

    @Bean
    static BeanPostProcessor h2SingleWriterDataSource(ObjectProvider<H2SingleWriter> writer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds && H2SingleWriter.isEmbeddedH2(ds) ? writer.getObject().wrap(ds) : bean;
            }
        };
    }
}
