package tw.gov.aee.gateway.crypto;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one BouncyCastle provider instance every crypto class uses (registered once, by name). */
final class Crypto {

    static final Provider PROVIDER;

    static {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing == null) {
            existing = new BouncyCastleProvider();
            Security.addProvider(existing);
        }
        PROVIDER = existing;
    }

    private Crypto() { }
}
