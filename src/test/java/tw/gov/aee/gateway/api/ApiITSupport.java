package tw.gov.aee.gateway.api;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.tracking.DocumentTracking;

/**
 * The one Spring configuration every API IT shares (a context takes seconds to start on 2 cores):
 * the whole application over real TLS, with the intake and tracking replaced by doubles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.data-dir=./target/it-data/api",
                // its own broker acceptor port: the shared integration-test context may hold 61617
                "gateway.broker.port=61627"})
abstract class ApiITSupport {

    static final String PASSWORD = "sample-only";
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @MockitoBean
    DocumentIntake intake;
    @MockitoBean
    DocumentTracking tracking;

    URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    /** A client presenting the party's sample TLS client certificate, or none for {@code null}. */
    static HttpClient client(String party) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext(party)).build();
    }

    static SSLContext sslContext(String party) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(party == null ? null : keyManagers(party).getKeyManagers(), trustManagers().getTrustManagers(), null);
        return ctx;
    }

    static KeyManagerFactory keyManagers(String party) throws Exception {
        KeyStore ks = load(Path.of("certs-sample/parties", party, "tls-client.p12"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        return kmf;
    }

    static TrustManagerFactory trustManagers() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(Path.of("certs-sample/ca/truststore.p12")));
        return tmf;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    HttpResponse<String> get(String party, String path) throws Exception {
        return client(party).send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String party, String path, String contentType, byte[] body) throws Exception {
        return client(party).send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** The newest audit entry. */
    Map<String, Object> lastAuditEntry() {
        return jdbc.queryForMap("SELECT * FROM audit_entry ORDER BY id DESC LIMIT 1");
    }
}
