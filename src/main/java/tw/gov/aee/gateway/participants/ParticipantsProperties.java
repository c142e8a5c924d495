package tw.gov.aee.gateway.participants;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.participants.*}.
 *
 * @param location            the directory file; a {@code file:} location can be edited in place
 *                            and is reloaded, a classpath one only changes with a new build
 * @param reloadInterval      how often the file's last-modified time is checked
 * @param pkiDirectory        the folder certificate paths in the file are relative to
 * @param requireCertificates refuse a directory whose certificates cannot all be read (prod);
 *                            off by default so the app starts before the sample PKI exists
 */
@Validated
@ConfigurationProperties(prefix = "gateway.participants")
public record ParticipantsProperties(
        @NotNull @DefaultValue("classpath:participants.yaml") Resource location,
        @NotNull @DefaultValue("30s") Duration reloadInterval,
        @NotBlank @DefaultValue("certs-sample") String pkiDirectory,
        @DefaultValue("false") boolean requireCertificates) {
}
