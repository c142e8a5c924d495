package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RecipientBreakersTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecipientBreakers breakers = new RecipientBreakers(
            new CircuitBreakerProperties(50, 3, 10, Duration.ofSeconds(2), 1, 0.5), meters);

    @Test
    void opensForOneRecipientAfterEnoughFailedCallsAndLeavesTheOthersClosed() {
        CircuitBreaker down = breakers.of("007");
        for (int i = 0; i < 3; i++) {
            assertThat(down.tryAcquirePermission()).isTrue();
            down.onError(1, TimeUnit.MILLISECONDS, new DeliveryException("simulated outage", null));
        }
        assertThat(down.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(down.tryAcquirePermission()).isFalse();
        assertThat(breakers.of("004").tryAcquirePermission()).isTrue();
        assertThat(breakers.of("007")).isSameAs(down);
    }

    @Test
    void publishesEachRecipientsStateAsAGauge() {
        CircuitBreaker b = breakers.of("008");
        assertThat(meters.get("gateway.circuit.breaker.state").tag("recipient", "008").gauge().value()).isZero();
        b.transitionToOpenState();
        assertThat(meters.get("gateway.circuit.breaker.state").tag("recipient", "008").gauge().value()).isEqualTo(1);
        b.transitionToHalfOpenState();
        assertThat(meters.get("gateway.circuit.breaker.state").tag("recipient", "008").gauge().value()).isEqualTo(2);
    }

    @Test
    void defersForTheOpenWaitPlusAtMostItsJitter() {
        for (int i = 0; i < 50; i++) {
            assertThat(breakers.deferral()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
        }
    }
}
