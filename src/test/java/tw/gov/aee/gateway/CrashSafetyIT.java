package tw.gov.aee.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.FileSystemUtils;

import tw.gov.aee.gateway.crypto.SamplePki;
import tw.gov.aee.gateway.participants.CertificateLoader;
import tw.gov.aee.gateway.participants.CertificateLocator;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.simulator.Behaviour;
import tw.gov.aee.gateway.simulator.SimulatedParties;

/**
 * Crash safety (DESIGN §5): the gateway runs as its own JVM and is killed with SIGKILL at three
 * points of a batch of 300 documents — while branches are submitting, after signing but before
 * delivery, and while receipts are arriving — and restarted each time; then stopped in order
 * (SIGTERM) while delivering, which must log no error, and started once more. The simulated banks and
 * agencies live in this JVM, outside the process that dies, and count what they receive
 * (DESIGN §9 "Counting deliveries"): every accepted document must reach every one of its
 * recipients (lost = 0) and be processed once there (duplicates = 0); raw redeliveries are
 * reported.
 */
class CrashSafetyIT {

    static final int DOCUMENTS = 300;
    static final String BANK = "004";
    static final List<String> RECIPIENTS = List.of(BANK, "NTBT", "NHIA");
    static final Path WORK = Path.of("target/crash-safety").toAbsolutePath();

    SimulatedParties parties;
    Process gateway;
    int gatewayPort;
    final int brokerPort = freePortUnchecked();
    int run;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        if (parties != null) {
            parties.stop();
        }
    }

    @Test
    void nothingAcceptedIsLostOrProcessedTwiceAcrossThreeKills() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        int partiesPort = freePort();
        Path directoryFile = WORK.resolve("participants.yaml");
        Files.writeString(directoryFile, Files.readString(Path.of("src/main/resources/participants.yaml"))
                .replace("https://localhost:8543/", "https://localhost:" + partiesPort + "/"));
        ParticipantsDirectory directory = new ParticipantsDirectory(new FileSystemResource(directoryFile),
                new CertificateLocator(SamplePki.DIR, CertificateLoader.jdk()), true);
        parties = new SimulatedParties(directory, SamplePki.DIR, SamplePki.PASSWORD, partiesPort, SamplePki.verifier());
        parties.start();

        Map<String, String> accepted = new ConcurrentHashMap<>();   // document number -> id
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            numbers.add("117" + String.format("%07d", 2_000_000 + i) + "A");
        }

        // Kill 1: during intake, with submissions in flight.
        start(directoryFile);
        ExecutorService branches = Executors.newFixedThreadPool(4);
        List<Future<?>> inFlight = submitAll(branches, numbers, accepted);
        await().atMost(Duration.ofMinutes(2)).until(() -> accepted.size() >= 100);
        kill();
        for (Future<?> f : inFlight) {
            f.get(2, TimeUnit.MINUTES);
        }
        int acceptedBeforeFirstKill = accepted.size();

        // Kill 2: every bank and agency down, so documents are signed and wait to be delivered.
        RECIPIENTS.forEach(code -> parties.behave(code, Behaviour.DOWN));
        start(directoryFile);
        List<String> rest = numbers.stream().filter(n -> !accepted.containsKey(n)).toList();
        for (Future<?> f : submitAll(branches, rest, accepted)) {
            f.get(5, TimeUnit.MINUTES);
        }
        assertThat(accepted).hasSize(DOCUMENTS);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sealed() >= DOCUMENTS * RECIPIENTS.size() / 2);
        long sealedAtKill = sealed();
        kill();

        // Kill 3: recipients back; kill while receipts are arriving.
        RECIPIENTS.forEach(code -> parties.behave(code, Behaviour.NORMAL));
        start(directoryFile);
        int expected = DOCUMENTS * RECIPIENTS.size();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> processed(accepted.values()) >= expected / 2);
        int processedAtKill = processed(accepted.values());
        kill();

        // An orderly stop (SIGTERM, what an operator's service manager sends) in the middle of
        // delivering: the routes stop before the database closes, so nothing in flight fails.
        start(directoryFile);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> processed(accepted.values()) >= expected * 5 / 8);
        int processedAtStop = processed(accepted.values());
        stopOrderly();
        String stopLog = Files.readString(WORK.resolve("gateway-run-" + run + ".log"));
        assertThat(stopLog).as("an orderly stop with deliveries in flight (run " + run + ")")
                .doesNotContain("Database is already closed").doesNotContain(" ERROR ");

        // Restart: everything accepted reaches everyone, once.
        start(directoryFile);
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> processed(accepted.values()) == expected && receipted() == expected);

        int lost = 0;
        int duplicates = 0;
        long raw = 0;
        for (String code : RECIPIENTS) {
            List<String> seen = parties.processedDocumentIds(code);
            Set<String> distinct = Set.copyOf(seen);
            for (String id : accepted.values()) {
                if (!distinct.contains(id)) {
                    lost++;
                }
            }
            duplicates += seen.size() - distinct.size();
            raw += parties.rawDeliveries(code) - distinct.size();
        }
        System.out.printf("crash safety: %d documents x %d recipients; killed during intake (%d accepted), after"
                        + " signing (%d deliveries sealed, none delivered) and while receipts arrived (%d processed),"
                        + " stopped in order at %d processed; lost=%d duplicates=%d raw redeliveries=%d%n", DOCUMENTS,
                RECIPIENTS.size(), acceptedBeforeFirstKill, sealedAtKill, processedAtKill, processedAtStop, lost,
                duplicates, raw);
        assertThat(lost).as("accepted but never received").isZero();
        assertThat(duplicates).as("processed twice").isZero();
        branches.shutdownNow();
    }

    /** Submits each number as branch TPE, resubmitting through connection failures until answered. */
    List<Future<?>> submitAll(ExecutorService pool, List<String> numbers, Map<String, String> accepted) {
        List<Future<?>> futures = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < numbers.size(); i = next.getAndIncrement()) {
                    String n = numbers.get(i);
                    try {
                        HttpResponse<String> r = PartyClient.as("TPE", gatewayPort).post("/api/v1/documents",
                                "application/xml", order(n));
                        if (r.statusCode() == 202 || r.statusCode() == 200) {
                            accepted.put(n, PartyClient.json(r).get("id").asText());
                        } else {
                            throw new AssertionError("unexpected answer " + r.statusCode() + " " + r.body());
                        }
                    } catch (IOException gatewayDied) {
                        // Killed mid-request: the branch will resubmit after the restart (idempotent).
                    }
                }
                return null;
            }));
        }
        return futures;
    }

    static String order(String number) throws IOException {
        return Files.readString(Path.of("schemas/examples/valid/enforcement-order-seizure.xml"))
                .replace("1100295393A", number)
                // The example's deadline (2021) is long past: a restart phase longer than the overdue
                // sweep's period would turn RECEIPTED deliveries OVERDUE and the wait below would never end.
                .replace("<replyDeadline>2021-03-18</replyDeadline>", "<replyDeadline>2099-12-31</replyDeadline>")
                .replaceAll("(?s)<recipient>.*</recipient>", "<recipient><code>" + BANK + "</code><kind>BANK</kind></recipient>");
    }

    int processed(java.util.Collection<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        int n = 0;
        for (String code : RECIPIENTS) {
            n += (int) parties.processedDocumentIds(code).stream().distinct().filter(wanted::contains).count();
        }
        return n;
    }

    long sealed() throws Exception {
        return gauge("SIGNED") + gauge("DISPATCHED");
    }

    long receipted() throws Exception {
        return gauge("RECEIPTED");
    }

    long gauge(String state) throws Exception {
        String metrics = tw.gov.aee.gateway.operators.OperatorClient.as("ops-viewer", "sample-ops-viewer", gatewayPort).get("/actuator/prometheus").body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("gateway_deliveries{") && line.contains("state=\"" + state + "\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    void start(Path directoryFile) throws Exception {
        gatewayPort = freePort();
        run++;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--server.port=" + gatewayPort,
                "--gateway.broker.port=" + brokerPort,
                "--gateway.data-dir=" + WORK.resolve("data"),
                "--gateway.participants.location=file:" + directoryFile,
                "--gateway.simulator.enabled=false",
                "--gateway.redelivery.initial-delay=200ms",
                "--gateway.redelivery.max-delay=2s",
                "--gateway.redelivery.max-attempts=100000",
                // A delivery left on its way with no message (lost across a kill) is resumed soon.
                "--gateway.dispatch.stalled-after=20s",
                "--gateway.dispatch.stalled-check-period=5s",
                "--spring.main.banner-mode=off"));
        gateway = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("gateway-run-" + run + ".log").toFile()).start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            if (!gateway.isAlive()) {
                throw new AssertionError("gateway exited; see " + WORK.resolve("gateway-run-" + run + ".log"));
            }
            return PartyClient.as("TPE", gatewayPort).get("/actuator/health").statusCode() == 200;
        });
    }

    /** SIGTERM: the JVM runs its shutdown hooks (Spring stops the context) and exits on its own. */
    void stopOrderly() throws InterruptedException {
        gateway.destroy();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
    }

    /** SIGKILL: no shutdown hooks, no flush, exactly what a crash does. */
    void kill() throws InterruptedException {
        gateway.destroyForcibly();
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
