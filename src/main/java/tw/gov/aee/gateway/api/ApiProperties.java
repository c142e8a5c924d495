package tw.gov.aee.gateway.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.api.*}: how much the branch API reads before it refuses.
 *
 * @param maxDocumentSize the largest single document body (the reader's own limit is the same)
 * @param maxBatchSize    the largest batch body
 * @param maxBatchItems   the most documents in one batch
 */
@Validated
@ConfigurationProperties(prefix = "gateway.api")
record ApiProperties(
        @NotNull @DefaultValue("1MB") DataSize maxDocumentSize,
        @NotNull @DefaultValue("32MB") DataSize maxBatchSize,
        @Min(1) @Max(10_000) @DefaultValue("500") int maxBatchItems) {
}
