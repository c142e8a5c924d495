package tw.gov.aee.gateway.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * {@code gateway.circuit-breaker.*}: one breaker per recipient around the push call.
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
 * @param minimumCalls calls in the window before the rate counts; keep it below
 *        {@code gateway.redelivery.max-attempts}, so a lone delivery to a dead recipient opens the
 *        breaker before its attempts run out
 * @param slidingWindow how many recent calls the rate is taken over (count based)
 * @param waitInOpenState how long an open breaker refuses calls before letting a few through
 * @param halfOpenCalls how many trial calls a half-open breaker lets through
 * @param deferJitter a deferred delivery comes back after {@code waitInOpenState} plus up to this
 *        fraction of it at random, so an outage's backlog does not return all at once
 */
@Validated
@ConfigurationProperties(prefix = "gateway.circuit-breaker")
public record CircuitBreakerProperties(
        @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
        @Min(1) @DefaultValue("5") int minimumCalls,
        @Min(1) @DefaultValue("10") int slidingWindow,
        @NotNull @DefaultValue("30s") Duration waitInOpenState,
        @Min(1) @DefaultValue("2") int halfOpenCalls,
        @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5") double deferJitter) { }
