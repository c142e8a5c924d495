package tw.gov.aee.gateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A private key with its certificate and chain, loaded once from a PKCS#12 keystore. The password
 * is a {@code char[]} the caller takes from the environment and may wipe afterwards; it is never
 * kept here.
 */
public final class KeyMaterial {

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;

    public KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key needs its certificate");
        }
        this.privateKey = privateKey;
        this.certificate = chain.get(0);
        this.chain = List.copyOf(chain);
    }

    /** Loads the (first) key entry of a PKCS#12 file. */
    public static KeyMaterial fromPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromPkcs12(in, password, file.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read keystore " + file + ": " + e.getMessage(), e);
        }
    }

    static KeyMaterial fromPkcs12(InputStream in, char[] password, String name) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
                    Certificate[] certs = ks.getCertificateChain(alias);
                    List<X509Certificate> chain = new ArrayList<>();
                    Arrays.stream(certs).forEach(c -> chain.add((X509Certificate) c));
                    return new KeyMaterial(key, chain);
                }
            }
            throw new IllegalStateException("keystore " + name + " holds no private key");
        } catch (GeneralSecurityException | IOException e) {
            // A wrong password shows up here as an IOException; say which file, not the password.
            throw new IllegalStateException("cannot load keystore " + name + ": " + e.getMessage(), e);
        }
    }

    public PrivateKey privateKey() { return privateKey; }

    public X509Certificate certificate() { return certificate; }

    public List<X509Certificate> chain() { return chain; }

    @Override
    public String toString() {
        return "KeyMaterial[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
