package tw.gov.aee.gateway.dispatch;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotEmpty;

/**
 * {@code gateway.dispatch.*}.
 *
 * @param queues broker queue per outbox destination ({@code sign}, {@code push})
 */
@Validated
@ConfigurationProperties(prefix = "gateway.dispatch")
public record DispatchProperties(@NotEmpty Map<String, String> queues) {

    /**
     * The outbox destination that hands a signed delivery to its transport: the transport's name in
     * lower case ({@code PUSH} → {@code push}), if a queue is configured for it; PULL has none (its
     * deliveries wait in the mailbox).
     */
    public Optional<String> destinationOf(String transport) {
        String destination = transport.toLowerCase(Locale.ROOT);
        return queues.containsKey(destination) ? Optional.of(destination) : Optional.empty();
    }

    /** The outbox destination whose broker queue is {@code queue} (a dead letter's original queue), if any. */
    public Optional<String> destinationOfQueue(String queue) {
        return queues.entrySet().stream().filter(e -> e.getValue().equals(queue)).map(Map.Entry::getKey).findFirst();
    }
}
