package tw.gov.aee.gateway.paper;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * {@code gateway.paper.*}.
 *
 * @param printDir where paper copies are written for printing ({@code ${gateway.data-dir}/print})
 */
@Validated
@ConfigurationProperties(prefix = "gateway.paper")
public record PaperProperties(@NotNull Path printDir) { }
