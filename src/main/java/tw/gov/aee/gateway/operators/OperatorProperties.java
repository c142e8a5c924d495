package tw.gov.aee.gateway.operators;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code gateway.operators.*}: the operator accounts. Passwords are never configured, only their
 * bcrypt hashes; the accounts in {@code application.yml} are SAMPLES (README lists their
 * passwords) and the {@code prod} profile has none.
 *
 * @param accounts every operator who may log in
 */
@Validated
@ConfigurationProperties(prefix = "gateway.operators")
public record OperatorProperties(@Valid List<Account> accounts) {

    public OperatorProperties {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /**
     * @param name         login name, the actor in the audit log
     * @param role         VIEWER, OPERATOR or ADMIN
     * @param passwordHash bcrypt hash ({@code $2a$…}, {@code $2b$…}, {@code $2y$…}); null = no password login
     * @param certificate  PEM file of the operator's TLS client certificate; null = no certificate login
     */
    public record Account(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String name,
                          @NotNull OperatorRole role,
                          @Pattern(regexp = "\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}") String passwordHash,
                          Path certificate) { }
}
