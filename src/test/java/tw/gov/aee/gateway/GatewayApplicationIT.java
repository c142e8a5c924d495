package tw.gov.aee.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** The whole application starts with its embedded broker and database and answers over TLS. */
@GatewayIntegrationTest
class GatewayApplicationIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthIsUpOverTlsWithoutAClientCertificate() throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"UP\"");
    }

    @Test
    void theDatabaseIsMigrated() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_entry", Integer.class)).isNotNull();
    }

    /**
     * Banks, agencies and branches keep their TLS connection to the gateway: Tomcat's default
     * would close it after 100 requests and make the partner shake hands again (issue #7).
     */
    @Test
    void aPartnersConnectionStaysOpenWellPastTomcatsDefaultOf100Requests() throws Exception {
        try (SSLSocket socket = (SSLSocket) sslContext().getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 1; i <= 250; i++) {
                out.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = line(in);
                Map<String, String> headers = new HashMap<>();
                for (String h = line(in); !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                String body = body(in, headers);
                assertThat(status).as("response %d", i).startsWith("HTTP/1.1 200");
                assertThat(body).as("response %d", i).contains("\"UP\"");
                assertThat(headers.getOrDefault("connection", "")).as("response %d", i).isNotEqualToIgnoringCase("close");
            }
        }
    }

    private static String body(InputStream in, Map<String, String> headers) throws IOException {
        if (headers.containsKey("content-length")) {
            return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
            body.write(in.readNBytes(size));
            line(in); // the CRLF after each chunk
        }
        line(in); // the CRLF after the last (empty) chunk
        return body.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the gateway closed the connection");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext()).build();
    }

    static SSLContext sslContext() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of("certs-sample/ca/truststore.p12"))) {
            ts.load(in, "sample-only".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
