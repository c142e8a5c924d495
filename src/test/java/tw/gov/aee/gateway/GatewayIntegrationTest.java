package tw.gov.aee.gateway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import tw.gov.aee.gateway.dispatch.UnavailableSigningKeys;
import tw.gov.aee.gateway.replies.HeldReplies;

/**
 * The one Spring configuration every whole-application test shares, so the context (embedded
 * broker, database under ./target/it-data/shared, CXF, simulated banks and agencies on their
 * loopback port, metrics exported as in production) starts once per test run. Tests keep apart by using their own document numbers.
 * {@link HeldReplies} (the receipt writer, signing as usual unless a test holds a reply) is part of
 * it, so a test can stop a reply's intake before it writes, without a context of its own; so is
 * {@link UnavailableSigningKeys} (the sealer, signing as usual unless a test withdraws a branch's key).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability(tracing = false)
@Import({HeldReplies.class, UnavailableSigningKeys.class})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.data-dir=./target/it-data/shared",
        "gateway.simulator.enabled=true",
        // simulated banks answer only when a test asks (SimulatedReplies.answer), so deliveries stay RECEIPTED
        "gateway.simulator.replies.enabled=false",
        "gateway.redelivery.initial-delay=200ms",
        "gateway.redelivery.max-delay=2s",
        "gateway.redelivery.max-attempts=5",
        // breakers open after 3 failed calls in a row (below max-attempts, whatever succeeded before)
        // and try again after a second
        "gateway.circuit-breaker.minimum-calls=3",
        "gateway.circuit-breaker.sliding-window=3",
        "gateway.circuit-breaker.wait-in-open-state=1s",
        "gateway.circuit-breaker.half-open-calls=1",
        // the overdue sweep runs only when a test calls it (orders from the examples carry 2021 deadlines)
        "gateway.deadlines.sweep-period=1h",
        // a branch webhook that fails is tried again after 300 ms, then at most every second
        "gateway.webhook.initial-backoff=300ms",
        "gateway.webhook.max-backoff=1s"})
public @interface GatewayIntegrationTest {
}
