package tw.gov.aee.gateway.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

/**
 * {@code gateway.redelivery.*}: the broker's retry schedule for every gateway queue.
 *
 * @param jitter fraction of the delay added or removed at random (0 to 1)
 */
@Validated
@ConfigurationProperties(prefix = "gateway.redelivery")
public record RedeliveryProperties(
        @DefaultValue("1s") Duration initialDelay,
        @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.2") double jitter,
        @DefaultValue("5m") Duration maxDelay,
        @Min(1) @DefaultValue("10") int maxAttempts,
        @DefaultValue("gateway.dead-letter") String deadLetterAddress) { }
