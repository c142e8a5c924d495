package tw.gov.aee.gateway.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.jms.ConnectionFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tw.gov.aee.gateway.GatewayApplication;
import tw.gov.aee.gateway.crypto.CryptoOperations;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;
import tw.gov.aee.gateway.simulator.SampleDocuments;
import tw.gov.aee.gateway.simulator.SimulatedBrokerParties;
import tw.gov.aee.gateway.simulator.SimulatedFileParties;
import tw.gov.aee.gateway.simulator.SimulatedParties;
import tw.gov.aee.gateway.simulator.SimulatedPullClients;
import tw.gov.aee.gateway.simulator.SimulatedRecipients;
import tw.gov.aee.gateway.tracking.H2Housekeeping;

/**
 * The end-to-end benchmark (issue #7): the gateway in its default embedded configuration
 * (persistent Artemis, H2 file database, TLS everywhere, audit), the simulated banks and agencies
 * of the shipped directory plus generated banks, and the 13 branches submitting N documents in a
 * realistic mix and taking their replies; then, in the same process with the gateway stopped, the
 * cryptographic ceiling from the operations the run counted. Prints the figures and, last, one
 * line: {@code e2e_orders_per_sec=X ceiling_orders_per_sec=Y ratio=Z lost=L duplicates=D}.
 *
 * <p>Options ({@code --name=value}): {@code orders} (20000), {@code dir} (target/benchmark),
 * {@code window} (documents submitted but not yet completed, at most; 500), {@code extra-banks}
 * (8), {@code timeout} (seconds to wait for the last completion after the last submission, 600),
 * {@code pki} (certs-sample), {@code checkpoints} (document counts, comma-separated, at which the
 * run stops submitting until everything submitted has completed and then measures the live heap:
 * the growth run in one process; none by default). An option whose name has a dot is a gateway property, passed on as
 * an operator would (e.g. {@code --gateway.dispatch.push-consumers=8}). Exit status 0 when every
 * document completed with no duplicate, else 1.
 */
public final class Benchmark {

    private static final Pattern OPTION = Pattern.compile("--([a-zA-Z0-9.\\[\\]-]+)=(.*)");
    private static final String PASSWORD = System.getenv().getOrDefault("GATEWAY_KEYSTORE_PASSWORD", "sample-only");
    /** Agencies copied on the benchmark's orders (their categories for execution certificates). */
    private static final Map<String, String> AGENCIES = Map.of("NTBT", "TAX", "NTBNA", "TAX", "NHIA", "NHI", "BLI", "LABOUR_INSURANCE");

    private final Map<String, String> options;
    private final int orders;

    private Benchmark(Map<String, String> options) {
        this.options = options;
        this.orders = Integer.parseInt(options.getOrDefault("orders", "20000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String a : args) {
            Matcher m = OPTION.matcher(a);
            if (!m.matches()) {
                System.err.println("usage: Benchmark [--orders=N] [--dir=PATH] [--window=N] [--extra-banks=N] [--timeout=S]"
                        + " [--some.gateway.property=value ...]");
                System.exit(2);
            }
            options.put(m.group(1), m.group(2));
        }
        boolean ok = new Benchmark(options).run(System.out);
        System.exit(ok ? 0 : 1);
    }

    private boolean run(PrintStream out) throws Exception {
        int simulatorPort = freePort();
        Path root = Path.of(options.getOrDefault("dir", "target/benchmark")).toAbsolutePath();
        BenchmarkWorkspace w = BenchmarkWorkspace.prepare(root, Path.of(options.getOrDefault("pki", "certs-sample")),
                PASSWORD.toCharArray(), Integer.parseInt(options.getOrDefault("extra-banks", "8")), simulatorPort);
        out.printf("benchmark: %d documents, workspace %s%n", orders, root);
        // Which JVM and flags: the figures depend on them (README "Benchmark", stop 16).
        out.printf("benchmark: Java %s, %d cores, JVM flags %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList());
        // as command-line arguments: they take precedence over application.yml, as an operator's would
        Map<String, Object> properties = gatewayProperties(w, simulatorPort);
        options.forEach((k, v) -> {
            if (k.contains(".")) {
                properties.put(k, v);
                out.printf("benchmark: gateway property %s=%s%n", k, v);
            }
        });
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(GatewayApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        Figures f;
        Ledger.Snapshot s;
        Map<CryptoOperations, long[]> counted;
        try {
            Run run = new Run(ctx, w);
            run.execute(out);
            s = run.snapshot;
            counted = run.counted;
            f = run.figures;
        } finally {
            ctx.close();
        }
        CryptoCeiling.Profile profile = CryptoCeiling.Profile.of(counted, orders);
        int cores = Runtime.getRuntime().availableProcessors();
        double[] rounds = new CryptoCeiling(w.pki, PASSWORD.toCharArray()).measure(profile, cores, 3, 10, 3);
        report(out, s, f, counted, profile, rounds, cores);
        return s.lost() == 0 && s.duplicates() == 0;
    }

    /** The gateway's own configuration, except where the benchmark's folders, ports and load say otherwise. */
    private static Map<String, Object> gatewayProperties(BenchmarkWorkspace w, int simulatorPort) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put("gateway.data-dir", w.data.toString());
        p.put("gateway.pki.dir", w.pki.toString());
        p.put("gateway.participants.location", "file:" + w.directory);
        p.put("server.port", "0");
        p.put("gateway.broker.port", String.valueOf(freePort()));
        p.put("gateway.simulator.enabled", "true");
        p.put("gateway.simulator.port", String.valueOf(simulatorPort));
        p.put("gateway.simulator.pull-interval", "200ms");      // PULL parties fetch as fast as a busy bank would
        p.put("gateway.simulator.pull-batch", "100");
        p.put("gateway.simulator.replies.delay", "0s");         // banks answer at once
        p.put("gateway.simulator.replies.threads", "16");
        p.put("gateway.simulator.replies.keep", "100");
        p.put("logging.file.name", w.root.resolve("gateway.log").toString());
        p.put("logging.threshold.console", "WARN");
        p.put("spring.main.banner-mode", "off");
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Throughput and resource figures of one run. */
    record Figures(long startNanos, long cpuNanos, long peakHeap, long peakRss, long liveHeapAfterGc, long gatewayLiveHeap,
                   long rawAtRecipients, long wallNanos, long databaseBytes, long journalBytes, List<Checkpoint> checkpoints) { }

    /**
     * The run at a checkpoint: {@code documents} submitted and all of them completed, nothing in
     * flight. The live heap there still holds the benchmark's and the simulated parties' records
     * of those documents; the report subtracts their share, measured at the end of the run.
     */
    record Checkpoint(int documents, long elapsedNanos, long cpuNanos, long legs, long liveHeapAfterGc, long databaseBytes) { }

    /** One measured run against a started gateway. */
    private final class Run {
        final ConfigurableApplicationContext ctx;
        final BenchmarkWorkspace w;
        final Semaphore window;
        final Ledger ledger;
        final SampleDocuments documents = new SampleDocuments(1_000_000);
        final List<String> banks = new ArrayList<>();
        /** Ascending document counts to pause and measure at, each below {@code orders}. */
        final int[] checkpoints;
        final List<Checkpoint> measured = new ArrayList<>();
        /** Guarded by itself: how many checkpoints have been measured (submitting past one waits for it). */
        final int[] passed = {0};
        Map<CryptoOperations, long[]> counted;
        Figures figures;
        Ledger.Snapshot snapshot;

        Run(ConfigurableApplicationContext ctx, BenchmarkWorkspace w) {
            this.ctx = ctx;
            this.w = w;
            this.window = new Semaphore(Integer.parseInt(options.getOrDefault("window", "500")));
            this.ledger = new Ledger(orders, window);
            String at = options.getOrDefault("checkpoints", "").trim();
            this.checkpoints = at.isEmpty() ? new int[0]
                    : Arrays.stream(at.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).filter(x -> x > 0 && x < orders)
                    .sorted().distinct().toArray();
        }

        void execute(PrintStream out) throws Exception {
            ParticipantsDirectory directory = ctx.getBean(ParticipantsDirectory.class);
            for (Participant p : directory.all()) {
                if (p.isBank() && p.transport() != Transport.PAPER) {
                    banks.add(p.code());
                }
            }
            List<SimulatedRecipients> groups = List.of(ctx.getBean(SimulatedParties.class), ctx.getBean(SimulatedPullClients.class),
                    ctx.getBean(SimulatedBrokerParties.class), ctx.getBean(SimulatedFileParties.class));
            for (SimulatedRecipients g : groups) {
                g.onProcessed((party, id, doc) -> ledger.processed(party, id, System.nanoTime()));
            }
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port", "8443"));
            BranchSystems branches = new BranchSystems(directory.branches(), w.pki, PASSWORD.toCharArray(), port, ledger);
            branches.start(ctx.getBean(SimulatedParties.class).branchWebhooks(), ctx.getBean(ConnectionFactory.class));
            out.printf("benchmark: %d institutions answering (%d banks, %d agencies), %d branches; submitting%n",
                    banks.size() + AGENCIES.size(), banks.size(), AGENCIES.size(), directory.branches().size());

            ResourceSampler sampler = new ResourceSampler();
            sampler.start();
            Map<CryptoOperations, long[]> before = counters();
            long cpuBefore = ResourceSampler.processCpuNanos();
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            List<Thread> submitters = new ArrayList<>();
            for (Participant b : directory.branches()) {
                Thread t = new Thread(() -> submitLoop(b.code(), branches, next, start), "benchmark-" + b.code());
                submitters.add(t);
                t.start();
            }
            Thread progress = new Thread(() -> progress(out, start), "benchmark-progress");
            progress.setDaemon(true);
            progress.start();
            Thread checkpointer = new Thread(() -> checkpoints(out, start, cpuBefore, w), "benchmark-checkpoints");
            checkpointer.setDaemon(true);
            checkpointer.start();
            for (Thread t : submitters) {
                t.join();
            }
            long timeout = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("timeout", "600")));
            boolean all = ledger.awaitAll(System.nanoTime() + timeout);
            long end = System.nanoTime();
            progress.interrupt();
            if (!all) {
                out.printf("benchmark: %d documents not completed %d s after the last submission%n",
                        orders - ledger.completed(), TimeUnit.NANOSECONDS.toSeconds(timeout));
                ledger.incomplete(20).forEach(d -> out.println("benchmark:   " + d));
            }
            Thread.sleep(2_000); // late duplicates would show here
            long cpu = ResourceSampler.processCpuNanos() - cpuBefore;
            Map<CryptoOperations, long[]> after = counters();
            counted = new EnumMap<>(CryptoOperations.class);
            for (CryptoOperations op : CryptoOperations.values()) {
                counted.put(op, new long[] {after.get(op)[0] - before.get(op)[0], after.get(op)[1] - before.get(op)[1]});
            }
            sampler.stop();
            branches.close();
            long raw = 0;
            for (SimulatedRecipients g : groups) {
                for (String code : g.codes()) {
                    raw += g.duplicatesSuppressed(code);
                }
            }
            var webhooks = ctx.getBean(SimulatedParties.class).branchWebhooks();
            for (Participant b : directory.branches()) {
                if (b.transport() == Transport.WEBHOOK) {
                    raw += webhooks.rawCalls(b.code()) - webhooks.replyIds(b.code()).size();
                }
            }
            long liveHeap = liveHeapAfterGc();
            // Everything is counted: the benchmark and the simulated parties now forget their record of
            // every document, and what the heap still holds is the gateway's own.
            snapshot = ledger.snapshot();
            ledger.forgetDocuments();
            branches.forgetHistory();
            webhooks.forgetHistory();
            groups.forEach(SimulatedRecipients::forgetHistory);
            long gatewayHeap = liveHeapAfterGc();
            histogram(w.root.resolve("heap-histogram-" + orders + ".txt"));
            checkpointer.interrupt();
            figures = new Figures(start, cpu, sampler.peakHeap(), ResourceSampler.peakRss(), liveHeap, gatewayHeap,
                    raw, end - start, bytesUnder(w.data.resolve("db")), bytesUnder(w.data.resolve("artemis")),
                    List.copyOf(measured));
        }

        /**
         * At each checkpoint: waits until every document submitted so far completed (submitters
         * wait at the checkpoint), measures, and lets submitting go on. A checkpoint whose documents
         * do not all complete within the timeout is skipped (the final count shows them as lost).
         */
        private void checkpoints(PrintStream out, long start, long cpuBefore, BenchmarkWorkspace w) {
            long timeout = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("timeout", "600")));
            try {
                for (int c : checkpoints) {
                    // the timeout counts from when the checkpoint's last document was accepted
                    while (ledger.accepted() < c) {
                        Thread.sleep(200);
                    }
                    if (ledger.awaitCompleted(c, System.nanoTime() + timeout)) {
                        long elapsed = System.nanoTime() - start;
                        long cpu = ResourceSampler.processCpuNanos() - cpuBefore;
                        Checkpoint m = new Checkpoint(c, elapsed, cpu, ledger.legs(), liveHeapAfterGc(), bytesUnder(w.data.resolve("db")));
                        measured.add(m);
                        histogram(w.root.resolve("heap-histogram-" + c + ".txt"));
                        out.printf("benchmark: checkpoint %d documents: %d s, %.2f CPU ms per leg, live heap after GC %d MB (with the"
                                        + " benchmark's records), database %d MB (%d %% of it live)%n", c, TimeUnit.NANOSECONDS.toSeconds(elapsed),
                                cpu / 1e6 / Math.max(1, m.legs()), m.liveHeapAfterGc() >> 20, m.databaseBytes() >> 20,
                                ctx.getBean(H2Housekeeping.class).chunksFillRate());
                    } else {
                        out.printf("benchmark: checkpoint %d documents skipped: not all completed within the timeout%n", c);
                    }
                    synchronized (passed) {
                        passed[0]++;
                        passed.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        }

        /** Document {@code i} is submitted only after every checkpoint at or below it was measured. */
        private void awaitCheckpoint(int i) throws InterruptedException {
            synchronized (passed) {
                while (passed[0] < checkpoints.length && checkpoints[passed[0]] <= i) {
                    passed.wait();
                }
            }
        }

        private void submitLoop(String branch, BranchSystems branches, AtomicInteger next, long start) {
            while (true) {
                int i = next.getAndIncrement();
                if (i >= orders) {
                    return;
                }
                try {
                    awaitCheckpoint(i);
                    window.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                Submission s = document(branch, i);
                try {
                    HttpResponse<String> r = branches.submit(branch, s.xml);
                    long now = System.nanoTime();
                    Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(r.body());
                    if (r.statusCode() != 202 || !m.find()) {
                        System.err.printf("benchmark: %s's document %d refused: HTTP %d %s%n", branch, i, r.statusCode(),
                                r.body().length() > 400 ? r.body().substring(0, 400) : r.body());
                        ledger.refused(s.doc);
                        continue;
                    }
                    ledger.accepted(m.group(1), s.doc, now);
                } catch (IOException e) {
                    System.err.printf("benchmark: %s could not submit: %s%n", branch, e);
                    ledger.refused(s.doc);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private record Submission(String xml, Ledger.Doc doc) { }

        /** The mix: 80 % seizure orders to 1–3 banks copied to 1–2 agencies, 10 % revocations, 10 % certificates. */
        private Submission document(String branch, int i) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int dice = r.nextInt(100);
            long now = System.nanoTime();
            if (dice >= 90) {
                List<String> agencies = new ArrayList<>(AGENCIES.keySet());
                String agency = agencies.get(r.nextInt(agencies.size()));
                String xml = documents.executionCertificate(branch, agency, AGENCIES.get(agency));
                return new Submission(xml, new Ledger.Doc(i, branch, Ledger.Type.CERTIFICATE, number(xml), null, now,
                        Set.of(agency), Set.of()));
            }
            if (dice >= 80) {
                Ledger.Revocable rev = ledger.takeRevocable(branch);
                if (rev != null) {
                    String xml = documents.seizureRevocation(branch, rev.bank(), rev.caseNumber(), rev.orderNumber(),
                            rev.orderId(), rev.issuedOn());
                    Set<String> to = new LinkedHashSet<>();
                    to.add(rev.bank());
                    to.addAll(ledger.copiesOf(rev.orderId()));
                    return new Submission(xml, new Ledger.Doc(i, branch, Ledger.Type.REVOCATION, number(xml), rev.caseNumber(),
                            now, to, Set.of()));
                }
            }
            List<String> shuffled = new ArrayList<>(banks);
            java.util.Collections.shuffle(shuffled, r);
            List<String> to = shuffled.subList(0, 1 + r.nextInt(3));
            List<String> agencies = new ArrayList<>(AGENCIES.keySet());
            java.util.Collections.shuffle(agencies, r);
            List<String> copies = agencies.subList(0, 1 + r.nextInt(2));
            String xml = documents.seizureOrder(branch, to, copies);
            Set<String> recipients = new LinkedHashSet<>(to);
            recipients.addAll(copies);
            Ledger.Doc doc = new Ledger.Doc(i, branch, Ledger.Type.SEIZURE, number(xml), caseNumber(xml), now, recipients,
                    Set.copyOf(to));
            doc.copies = Set.copyOf(copies);
            return new Submission(xml, doc);
        }

        private void progress(PrintStream out, long start) {
            try {
                while (true) {
                    Thread.sleep(10_000);
                    Ledger.Snapshot s = ledger.snapshot();
                    out.printf("benchmark: %4d s  accepted %d  delivered %d  completed %d  heap %d MB%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), s.accepted(), s.delivered(), s.completed(),
                            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
                }
            } catch (InterruptedException e) {
                // done
            }
        }
    }

    /** Heap in use after two full collections. */
    private static long liveHeapAfterGc() {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    /**
     * The live objects by class (the JVM's GC.class_histogram, as {@code jcmd} prints it), the
     * largest 60 classes, into {@code file}: where the live heap is, for the growth run.
     */
    private static void histogram(Path file) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {null}, new String[] {String[].class.getName()});
            List<String> lines = ((String) text).lines().limit(64).toList();
            Files.write(file, lines);
        } catch (Exception e) {
            System.err.printf("benchmark: no heap histogram: %s%n", e);
        }
    }

    /** Bytes of every file under a folder (0 if there is none). */
    private static long bytesUnder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String number(String xml) {
        return between(xml, "<documentNumber>", "</documentNumber>");
    }

    private static String caseNumber(String xml) {
        return between(xml, "<caseNumber>", "</caseNumber>");
    }

    private static String between(String s, String from, String to) {
        int a = s.indexOf(from) + from.length();
        return s.substring(a, s.indexOf(to, a));
    }

    private static Map<CryptoOperations, long[]> counters() {
        Map<CryptoOperations, long[]> m = new EnumMap<>(CryptoOperations.class);
        for (CryptoOperations op : CryptoOperations.values()) {
            m.put(op, new long[] {op.count(), op.bytes()});
        }
        return m;
    }

    // ---- the report ----

    private void report(PrintStream out, Ledger.Snapshot s, Figures f, Map<CryptoOperations, long[]> counted,
                        CryptoCeiling.Profile profile, double[] ceilingRounds, int cores) {
        double ceiling = java.util.Arrays.stream(ceilingRounds).max().orElseThrow();
        double acceptSecs = (s.lastAccepted() - f.startNanos()) / 1e9;
        double deliverSecs = (s.lastDelivered() - f.startNanos()) / 1e9;
        double completeSecs = (s.lastCompleted() - f.startNanos()) / 1e9;
        double e2e = s.completed() / Math.max(completeSecs, 1e-9);
        long runNanos = Math.max(1, s.lastCompleted() - f.startNanos());
        out.println();
        out.printf("documents        %d submitted, %d accepted, %d delivered, %d completed (%d drafted by the gateway itself)%n",
                orders, s.accepted(), s.delivered(), s.completed(), s.unsubmittedDocuments());
        out.printf("throughput       accepted %.1f/s   delivered %.1f/s   completed %.1f/s%n",
                s.accepted() / acceptSecs, s.delivered() / deliverSecs, e2e);
        out.printf("acceptance       p50 %s  p95 %s  p99 %s%n", pct(s.acceptLatency(), 50), pct(s.acceptLatency(), 95),
                pct(s.acceptLatency(), 99));
        out.printf("end-to-end       p50 %s  p95 %s  p99 %s%n", pct(s.endToEnd(), 50), pct(s.endToEnd(), 95), pct(s.endToEnd(), 99));
        out.printf("legs             %d (%.2f per document)  %.1f legs/s  %.2f CPU ms per leg (%d cores, %.0f %% busy)%n",
                s.legs(), s.legs() / (double) orders, s.legs() / (runNanos / 1e9), f.cpuNanos() / 1e6 / Math.max(1, s.legs()),
                cores, 100.0 * f.cpuNanos() / (double) f.wallNanos() / cores);
        out.printf("memory           peak heap %d MB   live heap after GC %d MB   peak RSS %d MB%n",
                f.peakHeap() >> 20, f.liveHeapAfterGc() >> 20, f.peakRss() >> 20);
        long records = Math.max(0, f.liveHeapAfterGc() - f.gatewayLiveHeap());
        out.printf("gateway heap     live heap after GC %d MB once the benchmark and the simulated parties forgot their records"
                + " of every document (%d MB, %d bytes per document)%n", f.gatewayLiveHeap() >> 20, records >> 20, records / orders);
        if (!f.checkpoints().isEmpty()) {
            // the records grow with the documents (a fixed shape per document), so their share at a
            // checkpoint is the end's share scaled by the documents done
            out.printf("growth           %9s %8s %12s %20s %22s %10s%n", "documents", "seconds", "CPU ms/leg",
                    "live heap (process)", "gateway's (estimated)", "database");
            List<Checkpoint> rows = new ArrayList<>(f.checkpoints());
            rows.add(new Checkpoint(orders, s.lastCompleted() - f.startNanos(), f.cpuNanos(), s.legs(), f.liveHeapAfterGc(),
                    f.databaseBytes()));
            for (Checkpoint c : rows) {
                long gateway = c.liveHeapAfterGc() - records * c.documents() / orders;
                out.printf("growth           %9d %8d %12.2f %17d MB %19d MB%s %7d MB%n", c.documents(),
                        TimeUnit.NANOSECONDS.toSeconds(c.elapsedNanos()), c.cpuNanos() / 1e6 / Math.max(1, c.legs()),
                        c.liveHeapAfterGc() >> 20, (c.documents() == orders ? f.gatewayLiveHeap() : gateway) >> 20,
                        c.documents() == orders ? "*" : " ", c.databaseBytes() >> 20);
            }
            out.println("growth           * measured: the records forgotten, not estimated");
            // the CPU per leg of each stretch alone: the later ones are the warm figures (the JIT
            // does most of its work early, which the whole run's figure averages in)
            StringBuilder stretches = new StringBuilder();
            for (int i = 1; i < rows.size(); i++) {
                Checkpoint from = rows.get(i - 1);
                Checkpoint to = rows.get(i);
                stretches.append(String.format("  %d -> %d: %.2f", from.documents(), to.documents(),
                        (to.cpuNanos() - from.cpuNanos()) / 1e6 / Math.max(1, to.legs() - from.legs())));
            }
            out.printf("growth           CPU ms per leg between the rows:%s%n", stretches);
        }
        out.printf("disk             database %d MB   broker journal %d MB   (at the end of the run)%n",
                f.databaseBytes() >> 20, f.journalBytes() >> 20);
        out.printf("counted          lost %d   duplicates %d   raw redeliveries %d (recipients %d, branches %d)%n",
                s.lost(), s.duplicates(), f.rawAtRecipients() + s.rawRedeliveries(), f.rawAtRecipients(), s.rawRedeliveries());
        StringBuilder ops = new StringBuilder();
        for (CryptoOperations op : CryptoOperations.values()) {
            ops.append(String.format("%s %.2f", op.name().toLowerCase(), profile.perOrder().get(op)));
            if (op != CryptoOperations.KEY_WRAP) {
                ops.append(String.format(" (%d B)", profile.meanBytes().get(op)));
            }
            ops.append("  ");
        }
        out.printf("crypto per order %s%n", ops.toString().trim());
        out.printf("ceiling          %.1f orders/s: the operations above, BouncyCastle only, %d threads (best of %s)%n",
                ceiling, cores, java.util.Arrays.stream(ceilingRounds).mapToObj(r -> String.format("%.1f", r))
                        .collect(java.util.stream.Collectors.joining(" / ")));
        out.printf("e2e_orders_per_sec=%.1f ceiling_orders_per_sec=%.1f ratio=%.2f lost=%d duplicates=%d%n",
                e2e, ceiling, e2e / ceiling, s.lost(), s.duplicates());
    }

    private static String pct(long[] nanos, int p) {
        long[] v = Arrays.stream(nanos).filter(x -> x > 0).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        long x = v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
        return x >= 1_000_000_000L ? String.format("%.2f s", x / 1e9) : String.format("%.1f ms", x / 1e6);
    }

}
