package tw.gov.aee.gateway.simulator;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An HTTPS client as a party's own system has it: its TLS client certificate
 * ({@code parties/<code>/tls-client.p12}) and trust in the sample CA only.
 */
public final class PartyHttpClients {

    private PartyHttpClients() { }

    public static HttpClient of(Path pkiDirectory, char[] password, String code) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(pkiDirectory.resolve("parties").resolve(code).resolve("tls-client.p12"), password), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(pkiDirectory.resolve("ca/truststore.p12"), password));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (Exception e) {
            throw new IllegalStateException("party " + code + " has no usable client certificate", e);
        }
    }

    private static KeyStore load(Path p, char[] pw) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, pw);
        }
        return ks;
    }
}
