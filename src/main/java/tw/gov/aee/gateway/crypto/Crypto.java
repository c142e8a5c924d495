package tw.gov.aee.gateway.crypto;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The one BouncyCastle provider instance every crypto class uses (registered once, by name), and
 * the digest calculators every signature and check shares (read-only after construction; each
 * call hands out a new digest).
 */
final class Crypto {

    static final Provider PROVIDER;
    static final DigestCalculatorProvider DIGESTS;

    static {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing == null) {
            existing = new BouncyCastleProvider();
            Security.addProvider(existing);
        }
        PROVIDER = existing;
        try {
            DIGESTS = new JcaDigestCalculatorProviderBuilder().setProvider(PROVIDER).build();
        } catch (OperatorCreationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Crypto() { }
}
