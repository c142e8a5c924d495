package tw.gov.aee.gateway.dispatch;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.broker.*}: how banks and agencies with transport BROKER reach the embedded
 * broker (DESIGN §8, §9 "Broker addresses").
 *
 * @param host  the interface the parties' acceptor listens on (loopback by default)
 * @param port  the acceptor's port
 * @param tls   TLS on the acceptor with the gateway's server certificate ({@code gateway/tls-server.p12})
 * @param users broker user per BROKER party, keyed by party code (the user name is the code); a
 *              BROKER party without an entry cannot connect
 */
@Validated
@ConfigurationProperties(prefix = "gateway.broker")
public record BrokerProperties(
        @NotBlank @DefaultValue("127.0.0.1") String host,
        @Min(1) @Max(65535) @DefaultValue("61617") int port,
        @DefaultValue("true") boolean tls,
        @NotNull @DefaultValue({}) Map<String, @Valid PartyUser> users) {

    /** A party's broker credentials; the password comes from the environment outside the sample setup. */
    public record PartyUser(@NotBlank String password) {
        @Override
        public String toString() {
            return "PartyUser[password=***]";
        }
    }
}
