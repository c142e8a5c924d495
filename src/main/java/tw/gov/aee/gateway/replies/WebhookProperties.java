package tw.gov.aee.gateway.replies;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * {@code gateway.webhook.*}: calling a WEBHOOK branch with a notice (a reply, an overdue order).
 *
 * @param retryFor        how long a failing webhook is retried, counted from the first attempt;
 *                        then the reply's routing is PARKED for an operator (DESIGN §9: 24 h)
 * @param initialBackoff  wait before the second attempt; doubled after each failure
 * @param maxBackoff      the longest wait between attempts
 * @param jitter          up to this fraction of the wait is added at random
 * @param connectTimeout  TCP + TLS handshake
 * @param requestTimeout  waiting for the branch's answer
 */
@Validated
@ConfigurationProperties(prefix = "gateway.webhook")
public record WebhookProperties(
        @NotNull @DefaultValue("24h") Duration retryFor,
        @NotNull @DefaultValue("10s") Duration initialBackoff,
        @NotNull @DefaultValue("15m") Duration maxBackoff,
        @DefaultValue("0.2") double jitter,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration requestTimeout) {

    /** The wait after the {@code attempts}-th failure: doubling from the initial backoff, capped, plus up to {@code jitter} of it. */
    public Duration backoff(int attempts) {
        long base = initialBackoff.toMillis();
        long wait = Math.min(maxBackoff.toMillis(), base << Math.min(attempts - 1, 30));
        return Duration.ofMillis(wait + (long) (wait * jitter * ThreadLocalRandom.current().nextDouble()));
    }
}
