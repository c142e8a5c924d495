package tw.gov.aee.gateway.dispatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * The shared context's sealer, which signs as usual unless a test makes a branch's signing key
 * unavailable (as a keystore or HSM outage would): then every signature as that branch fails, on
 * acceptance and in the push stage (which take the sealer by type), until the test makes it
 * available again. The signing stage's route names the application's own sealer, so a test stops
 * that route meanwhile.
 */
@TestConfiguration(proxyBeanMethods = false)
public class UnavailableSigningKeys {

    private static final Set<String> UNAVAILABLE = ConcurrentHashMap.newKeySet();

    /** Signing as {@code branch} fails until {@link #restore}. */
    public static void withdraw(String branch) {
        UNAVAILABLE.add(branch);
    }

    public static void restore(String branch) {
        UNAVAILABLE.remove(branch);
    }

    @Bean
    @Primary
    EnvelopeSealer sealerWithWithdrawableKeys(DeliveryStore store, KeyRing keys, ParticipantsDirectory directory,
                                              TransactionTemplate tx, LegalOrderGate gate) {
        return new EnvelopeSealer(store, keys, directory, tx, gate) {
            @Override
            public byte[] sign(String branch, byte[] xml) {
                if (UNAVAILABLE.contains(branch)) {
                    throw new IllegalStateException("signing key of branch " + branch + " unavailable");
                }
                return super.sign(branch, xml);
            }
        };
    }
}
