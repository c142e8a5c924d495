package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.crypto.PkiProperties;

/**
 * The demo's branch case systems: every few seconds one of the 13 branches submits a seizure order
 * (now and then an execution certificate) to the gateway's REST API over mutual TLS with its own
 * sample client certificate — exactly as a real branch system would. Enabled in the demo profile
 * ({@code gateway.demo.generator.enabled}).
 */
@Component
@ConditionalOnProperty(name = "gateway.demo.generator.enabled", havingValue = "true")
public class SimulatedBranches {

    private static final Logger log = LoggerFactory.getLogger(SimulatedBranches.class);
    private static final String[] BRANCHES = {"TPE", "NTP", "SLN", "TYN", "HSC", "TXG", "CHW", "CYI", "TNN", "KHH", "PIF",
            "HUN", "ILA"};
    /**
     * Banks that answer electronically in the demo (005 by fetching from its mailbox, the others
     * when pushed to); the order names two or three of them.
     */
    private static final String[] ELECTRONIC_BANKS = {"004", "005", "007", "008", "013", "700"};

    private final PkiProperties pki;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final SampleDocuments documents = new SampleDocuments((int) (System.currentTimeMillis() / 1000 % 4_000_000));
    private volatile int port;

    public SimulatedBranches(PkiProperties pki) {
        this.pki = pki;
    }

    @EventListener
    void onServerStarted(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    @Scheduled(fixedDelayString = "${gateway.demo.generator.interval:5s}", initialDelayString = "${gateway.demo.generator.initial-delay:10s}")
    void submitOne() {
        if (port <= 0) {
            return;
        }
        String branch = BRANCHES[random.nextInt(BRANCHES.length)];
        boolean certificate = random.nextInt(5) == 0;
        String xml = certificate ? executionCertificate(branch) : seizureOrder(branch);
        try {
            HttpResponse<String> r = client(branch).send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + port + "/api/v1/documents"))
                    .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            log.info("demo branch {} submitted {}: HTTP {} {}", branch, certificate ? "an execution certificate"
                    : "a seizure order", r.statusCode(), r.body().length() > 300 ? r.body().substring(0, 300) : r.body());
        } catch (IOException e) {
            log.warn("demo branch {} could not submit: {}", branch, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String seizureOrder(String branch) {
        List<String> banks = new java.util.ArrayList<>(List.of(ELECTRONIC_BANKS));
        java.util.Collections.shuffle(banks, random);
        return documents.seizureOrder(branch, banks.subList(0, 2 + random.nextInt(2)), List.of("NTBT", "NHIA"));
    }

    String executionCertificate(String branch) {
        return documents.executionCertificate(branch, "NHIA", "NHI");
    }

    String nationalId() {
        return documents.nationalId();
    }

    private HttpClient client(String branch) {
        return clients.computeIfAbsent(branch, b -> PartyHttpClients.of(pki.directory(), pki.password(), b));
    }
}
