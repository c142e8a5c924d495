package tw.gov.aee.gateway.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gateway_deliveries{state=…}}: how many (document, recipient) deliveries are in each
 * state right now, read from the database (so every node reports the same numbers) at most once
 * per refresh interval, however often Prometheus scrapes.
 */
@Component
class DeliveryMetrics {

    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final DocumentTracking tracking;
    private volatile Map<DeliveryState, Long> counts = Map.of();
    private volatile Instant readAt = Instant.EPOCH;

    DeliveryMetrics(DocumentTracking tracking, MeterRegistry registry) {
        this.tracking = tracking;
        for (DeliveryState s : DeliveryState.values()) {
            Gauge.builder("gateway.deliveries", this, m -> m.count(s)).tag("state", s.name())
                    .description("deliveries per state").register(registry);
        }
    }

    private double count(DeliveryState s) {
        if (Instant.now().isAfter(readAt.plus(REFRESH))) {
            counts = tracking.countDeliveriesByState();
            readAt = Instant.now();
        }
        return counts.getOrDefault(s, 0L);
    }
}
