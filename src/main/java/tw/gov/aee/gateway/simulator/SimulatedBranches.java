package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.crypto.PkiProperties;
import tw.gov.aee.gateway.documents.RocDate;

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
    /** National-ID letter values, A to Z (I, O, W … are not in alphabetical order). */
    private static final int[] LETTER_VALUES = {10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25,
            26, 27, 28, 29, 32, 30, 31, 33};

    private final PkiProperties pki;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger((int) (System.currentTimeMillis() / 1000 % 4_000_000));
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
        StringBuilder recipients = new StringBuilder();
        for (String b : banks.subList(0, 2 + random.nextInt(2))) {
            recipients.append("<recipient><code>").append(b).append("</code><kind>BANK</kind></recipient>");
        }
        long tax = 10_000 + random.nextInt(2_000_000);
        long nhi = 1_000 + random.nextInt(80_000);
        int year = RocDate.of(java.time.LocalDate.now()).year();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <EnforcementOrder xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <header>
                    <documentNumber>%1$d%2$07dA</documentNumber>
                    <caseNumber>%1$d年綜所稅執字第%3$08d號</caseNumber>
                    <issuingBranch>%4$s</issuingBranch>
                    <sender><code>%4$s</code><kind>BRANCH</kind></sender>
                    %5$s
                    <issuedAt>%6$s</issuedAt>
                  </header>
                  <kind>SEIZURE</kind>
                  <obligor><name>王小明</name><nationalId>%7$s</nationalId></obligor>
                  <case><caseNumber>%1$d年綜所稅執字第%3$08d號</caseNumber><transferringAgency>NTBT</transferringAgency>
                    <agencyCaseReference>T%3$d</agencyCaseReference><amountReferred>%8$d</amountReferred></case>
                  <case><caseNumber>%1$d年健保費執字第%9$08d號</caseNumber><transferringAgency>NHIA</transferringAgency>
                    <agencyCaseReference>N%9$d</agencyCaseReference><amountReferred>%10$d</amountReferred></case>
                  <amountCeiling>%11$d</amountCeiling>
                  <asset><kind>DEPOSIT</kind><description>義務人於受文金融機構之存款債權</description></asset>
                  <legalBasis>行政執行法第二十六條準用強制執行法第一百十五條第一項</legalBasis>
                </EnforcementOrder>
                """.formatted(year, serial.incrementAndGet(), random.nextInt(99_999_999), branch, recipients,
                OffsetDateTime.now(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), nationalId(),
                tax, random.nextInt(99_999_999), nhi, tax + nhi);
    }

    String executionCertificate(String branch) {
        int year = RocDate.of(java.time.LocalDate.now()).year();
        long referred = 5_000 + random.nextInt(90_000);
        long collected = random.nextInt((int) referred);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <ExecutionCertificate xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <header>
                    <documentNumber>%1$d%2$07dC</documentNumber>
                    <caseNumber>%1$d年健保費執字第%3$08d號</caseNumber>
                    <issuingBranch>%4$s</issuingBranch>
                    <sender><code>%4$s</code><kind>BRANCH</kind></sender>
                    <recipient><code>NHIA</code><kind>AGENCY</kind></recipient>
                    <issuedAt>%5$s</issuedAt>
                  </header>
                  <certificateNumber>%1$d年執憑字第%3$08d號</certificateNumber>
                  <obligor><name>林美華</name><nationalId>%6$s</nationalId></obligor>
                  <amountReferred>%7$d</amountReferred>
                  <amountCollected>%8$d</amountCollected>
                  <amountOutstanding>%9$d</amountOutstanding>
                  <reason>義務人現無財產可供執行，依行政執行法第二十七條核發執行憑證</reason>
                  <agency>NHIA</agency>
                  <agencyCaseReference>N%3$d</agencyCaseReference>
                  <category>NHI</category>
                </ExecutionCertificate>
                """.formatted(year, serial.incrementAndGet(), random.nextInt(99_999_999), branch,
                OffsetDateTime.now(ZoneOffset.ofHours(8)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), nationalId(),
                referred, collected, referred - collected);
    }

    /** A random national ID with a correct check digit (the demo's obligors are fictitious). */
    String nationalId() {
        char letter = (char) ('A' + random.nextInt(26));
        int v = LETTER_VALUES[letter - 'A'];
        int[] d = new int[9];
        d[0] = 1 + random.nextInt(2);
        for (int i = 1; i < 8; i++) {
            d[i] = random.nextInt(10);
        }
        int sum = v / 10 + (v % 10) * 9;
        for (int i = 0; i < 8; i++) {
            sum += d[i] * (8 - i);
        }
        d[8] = (10 - sum % 10) % 10;
        StringBuilder s = new StringBuilder().append(letter);
        for (int x : d) {
            s.append(x);
        }
        return s.toString();
    }

    private HttpClient client(String branch) {
        return clients.computeIfAbsent(branch, b -> {
            try {
                char[] pw = pki.password();
                KeyStore ks = load(pki.path("parties/" + b + "/tls-client.p12"), pw);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(pki.path("ca/truststore.p12"), pw));
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
            } catch (Exception e) {
                throw new IllegalStateException("demo branch " + b + " has no usable client certificate", e);
            }
        });
    }

    private static KeyStore load(Path p, char[] pw) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, pw);
        }
        return ks;
    }
}
