package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.core.io.ClassPathResource;

import tw.gov.aee.gateway.participants.CertificateLocator;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/** The broker's user list built from configuration and the shipped directory, without a broker. */
class BrokerSettingsTest {

    private final ParticipantsDirectory directory = new ParticipantsDirectory(new ClassPathResource("participants.yaml"),
            new CertificateLocator(Path.of("certs-sample"), file -> {
                throw new AssertionError("no certificate is needed");
            }), false);

    private static ArtemisProperties gateway(String user, String password) {
        ArtemisProperties a = new ArtemisProperties();
        a.setUser(user);
        a.setPassword(password);
        return a;
    }

    private static BrokerProperties broker(Map<String, BrokerProperties.PartyUser> users) {
        return new BrokerProperties("127.0.0.1", 61617, true, users);
    }

    @Test
    void givesEachBrokerPartyItsOwnUserAndRoleAndTheGatewayItsRole() {
        SecurityConfiguration users = BrokerSettings.users(broker(Map.of(
                "006", new BrokerProperties.PartyUser("p-006"), "NTBNA", new BrokerProperties.PartyUser("p-ntbna"),
                "004", new BrokerProperties.PartyUser("p-004"))), gateway("gateway", "g"), directory);
        assertThat(users.getRole("gateway")).containsExactly("gateway");
        assertThat(users.getRole("006")).containsExactly("party-006");
        assertThat(users.getRole("NTBNA")).containsExactly("party-NTBNA");
        assertThat(users.getUser("006").isValid("006", "p-006")).isTrue();
        assertThat(users.getUser("006").isValid("006", "p-ntbna")).isFalse();
        // 004 is a PUSH bank: a password configured for it makes no broker user
        assertThat(users.getUser("004")).isNull();
    }

    @Test
    void aBrokerPartyWithoutAPasswordGetsNoUser() {
        SecurityConfiguration users = BrokerSettings.users(broker(Map.of()), gateway("gateway", "g"), directory);
        assertThat(users.getUser("006")).isNull();
    }

    @Test
    void refusesToStartWithoutTheGatewaysOwnCredentials() {
        assertThatThrownBy(() -> BrokerSettings.users(broker(Map.of()), gateway(null, null), directory))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("spring.artemis.user");
    }

    @Test
    void neverPrintsPasswords() {
        assertThat(new BrokerProperties.PartyUser("secret").toString()).doesNotContain("secret");
    }
}
