package tw.gov.aee.gateway.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A circuit breaker per recipient code (DESIGN §5, §9), so one bank's outage costs the others
 * nothing: while a recipient's breaker is open its deliveries are deferred without a call.
 * Only transport failures count ({@link DeliveryException}: unreachable, timed out, a SOAP fault);
 * a recipient that answers with a bad receipt is reachable, and its deliveries keep retrying until
 * they are FAILED. State per recipient: {@code gateway_circuit_breaker_state{recipient}} (0 closed,
 * 1 open, 2 half-open); every transition is logged.
 *
 * <p>The breakers live in one node's memory: each node learns a recipient's health from its own
 * calls, and nothing needed to finish a delivery is kept here (DESIGN §6).
 */
public class RecipientBreakers {

    private static final Logger log = LoggerFactory.getLogger(RecipientBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final MeterRegistry meters;
    private final CircuitBreakerProperties properties;

    public RecipientBreakers(CircuitBreakerProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .minimumNumberOfCalls(properties.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindow())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.halfOpenCalls())
                // no timer thread: the next delivery after the wait finds the breaker half-open
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        registry.getEventPublisher().onEntryAdded(e -> instrument(e.getAddedEntry()));
    }

    /** The recipient's breaker, made on first use. */
    public CircuitBreaker of(String recipient) {
        return registry.circuitBreaker(recipient);
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /** How long a delivery refused by an open breaker waits before it is tried again. */
    public Duration deferral() {
        long wait = properties.waitInOpenState().toMillis();
        return Duration.ofMillis(wait + (long) (wait * properties.deferJitter() * ThreadLocalRandom.current().nextDouble()));
    }

    private void instrument(CircuitBreaker breaker) {
        String recipient = breaker.getName();
        Gauge.builder("gateway.circuit.breaker.state", breaker, b -> b.getState().getOrder())
                .tag("recipient", recipient)
                .description("circuit breaker per recipient: 0 closed, 1 open, 2 half-open")
                .register(meters);
        breaker.getEventPublisher().onStateTransition(e -> log.warn("circuit breaker of recipient {}: {}", recipient,
                e.getStateTransition()));
    }
}
