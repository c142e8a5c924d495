package tw.gov.aee.gateway;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A branch (or any party) calling the gateway over mutual TLS with its sample client certificate. */
public final class PartyClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String base;

    private PartyClient(HttpClient http, int port) {
        this.http = http;
        this.base = "https://localhost:" + port;
    }

    public static PartyClient as(String party, int port) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(party).getKeyManagers(), trustManagers().getTrustManagers(), null);
            return new PartyClient(HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build(),
                    port);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The party's TLS client key (certs-sample/parties/<party>/tls-client.p12). */
    public static KeyManagerFactory keyManagers(String party) throws Exception {
        char[] pw = "sample-only".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(Path.of("certs-sample/parties/" + party + "/tls-client.p12"), pw), pw);
        return kmf;
    }

    /** The sample CAs, the only TLS trust anchors. */
    public static TrustManagerFactory trustManagers() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(Path.of("certs-sample/ca/truststore.p12"), "sample-only".toCharArray()));
        return tmf;
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
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
