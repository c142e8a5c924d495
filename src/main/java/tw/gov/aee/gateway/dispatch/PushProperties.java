package tw.gov.aee.gateway.dispatch;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.push.*}: how the gateway calls a party's {@code DocumentReceiver}.
 *
 * @param connectTimeout how long to wait for the TCP + TLS connection
 * @param receiveTimeout how long to wait for the receipt once the envelope is sent
 */
@Validated
@ConfigurationProperties(prefix = "gateway.push")
public record PushProperties(
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration receiveTimeout) {
}
