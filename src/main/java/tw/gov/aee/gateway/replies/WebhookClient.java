package tw.gov.aee.gateway.replies;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * POSTs a notice's JSON (a reply, an overdue order: {@link BranchChannels.Notice}) to a branch's
 * webhook over TLS, with the detached CMS signature in {@value #SIGNATURE_HEADER} (base64, DESIGN
 * §9), its kind in {@value #KIND_HEADER} and its id in {@value #NOTICE_ID_HEADER}. TLS trusts only the configured trust store,
 * never the JRE's cacerts; host names are checked. Any answer but 2xx, and any I/O error, is a
 * {@link WebhookException}. Thread-safe.
 */
public final class WebhookClient {

    /** The header that carries the gateway's detached signature over the exact body bytes. */
    public static final String SIGNATURE_HEADER = "X-Gateway-Signature";
    /** The reply's id, so a branch may deduplicate before parsing (replies only). */
    public static final String REPLY_ID_HEADER = "X-Reply-Id";
    /** What the body is: {@code REPLY} or {@code OVERDUE}. */
    public static final String KIND_HEADER = "X-Notice-Kind";
    /** The notice's id (a reply's: its reply id), what the branch deduplicates by. */
    public static final String NOTICE_ID_HEADER = "X-Notice-Id";

    private final HttpClient http;
    private final Duration requestTimeout;

    public WebhookClient(Path trustStore, char[] password, Duration connectTimeout, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().sslContext(sslContext(trustStore, password)).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return the HTTP status (2xx) the branch answered */
    public int post(URI endpoint, BranchChannels.Notice notice, byte[] signature) {
        if (!"https".equals(endpoint.getScheme())) {
            throw new WebhookException("webhook " + endpoint + " is not https");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, Base64.getEncoder().encodeToString(signature))
                .header(KIND_HEADER, notice.kind())
                .header(NOTICE_ID_HEADER, notice.id());
        if (notice.replyId() != null) {
            builder.header(REPLY_ID_HEADER, notice.replyId());
        }
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(notice.json())).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new WebhookException("cannot reach " + endpoint + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookException("interrupted while calling " + endpoint);
        }
        if (response.statusCode() / 100 != 2) {
            throw new WebhookException(endpoint + " answered HTTP " + response.statusCode());
        }
        return response.statusCode();
    }

    private static SSLContext sslContext(Path trustStore, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** The branch could not be reached or did not take the notice; retried later. */
    public static final class WebhookException extends RuntimeException {
        public WebhookException(String message) {
            super(message);
        }
    }
}
