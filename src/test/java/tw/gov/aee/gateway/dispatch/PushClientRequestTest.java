package tw.gov.aee.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import tw.gov.aee.gateway.crypto.SamplePki;

/**
 * What a bank's endpoint receives from the push client, byte for byte at the HTTP level: each
 * envelope as one request with its length, never a chunked stream (a streamed POST makes the JDK
 * probe the kept-alive connection first, with a 1 ms read, on every push).
 */
class PushClientRequestTest {

    private static final Path PKI = SamplePki.DIR;
    private static final char[] PASSWORD = SamplePki.PASSWORD;

    /** One request as the server saw it. */
    record Seen(String transferEncoding, String contentLength, int bodyBytes) { }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private PushClient client;

    @BeforeEach
    void start() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(PKI.resolve("parties/004/tls-server.p12"))) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/receiver", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("Transfer-Encoding"),
                    exchange.getRequestHeaders().getFirst("Content-Length"), body.length));
            byte[] answer = "not a SOAP answer".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(500, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        client = new PushClient(PKI.resolve("ca/truststore.p12"), PASSWORD, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void everyEnvelopeTravelsWithItsLengthNeverChunkedWhateverItsSize() {
        URI endpoint = URI.create("https://localhost:" + server.getAddress().getPort() + "/receiver");
        // 5 KB is above CXF's chunking threshold (4 KB): before, this one was streamed in chunks.
        for (int size : new int[] {100, 5_000, 300_000}) {
            assertThatThrownBy(() -> client.deliver(endpoint, "d-" + size, new byte[size]))
                    .isInstanceOf(DeliveryException.class);
        }

        assertThat(seen).hasSize(3).allSatisfy(s -> {
            assertThat(s.transferEncoding()).isNull();
            assertThat(s.contentLength()).isEqualTo(String.valueOf(s.bodyBytes()));
        });
        // the SOAP body carries the envelope base64-encoded
        assertThat(seen.get(2).bodyBytes()).isGreaterThan(400_000);
    }
}
