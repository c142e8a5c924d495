package tw.gov.aee.gateway.dispatch;

import java.util.Map;

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
public record DispatchProperties(@NotEmpty Map<String, String> queues) { }
