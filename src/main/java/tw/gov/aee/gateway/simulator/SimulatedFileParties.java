package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The simulated FILE banks and agencies (DESIGN §9 "Batch files"): each polls its outbox folder
 * {@code <exchange>/<code>/outbox/} for complete envelopes {@code <documentId>.p7m} (dot-files are
 * being written and are skipped), hands each to its {@link SimulatedRecipient} (which opens,
 * verifies, processes once, and signs the receipt), writes the receipt to its inbox as
 * {@code <documentId>.receipt.p7s} (under a dot-name, then renamed) and moves the envelope to
 * {@code outbox/taken/}. While {@link Behaviour#DOWN} envelopes are left where they are.
 */
public final class SimulatedFileParties extends SimulatedRecipients {

    private static final Logger log = LoggerFactory.getLogger(SimulatedFileParties.class);

    private final ParticipantsDirectory directory;
    private final Path pkiDirectory;
    private final char[] password;
    private final SignatureVerifier verifier;
    private final Path exchangeDir;
    private final Duration pollDelay;
    private final DocumentReader reader = new DocumentReader();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SimulatedRecipient> parties = new LinkedHashMap<>();
    private volatile ProcessedListener listener;
    private ScheduledExecutorService poller;

    public SimulatedFileParties(ParticipantsDirectory directory, Path pkiDirectory, char[] password,
                                SignatureVerifier verifier, Path exchangeDir, Duration pollDelay) {
        this.directory = directory;
        this.pkiDirectory = pkiDirectory;
        this.password = password.clone();
        this.verifier = verifier;
        this.exchangeDir = exchangeDir;
        this.pollDelay = pollDelay;
    }

    public synchronized void start() {
        for (Participant p : directory.all()) {
            if (!(p.isBank() || p.isAgency()) || p.transport() != Transport.FILE) {
                continue;
            }
            SimulatedRecipient r = SimulatedRecipient.load(p, pkiDirectory, password, verifier, directory, reader, clock);
            if (listener != null) {
                r.listen(listener);
            }
            parties.put(p.code(), r);
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-file-parties");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollAll, pollDelay.toMillis(), pollDelay.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Simulated FILE parties polling {}: {}", exchangeDir, parties.keySet());
    }

    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void pollAll() {
        for (SimulatedRecipient party : List.copyOf(parties.values())) {
            try {
                poll(party);
            } catch (IOException | RuntimeException e) {
                log.warn("Simulated {} could not read its outbox: {}", party.participant().code(), e.toString());
            }
        }
    }

    private void poll(SimulatedRecipient party) throws IOException {
        String code = party.participant().code();
        Path outbox = exchangeDir.resolve(code).resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(outbox, "*.p7m")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                take(party, code, file, name.substring(0, name.length() - ".p7m".length()));
            }
        }
    }

    private void take(SimulatedRecipient party, String code, Path file, String documentId) throws IOException {
        byte[] receipt;
        try {
            receipt = party.receive(documentId, Files.readAllBytes(file));
        } catch (GatewayException fault) {
            if (fault.error() == GatewayError.INTERNAL) {
                return; // DOWN: left where it is, taken on a later poll
            }
            log.warn("Simulated {} set aside an unusable file {}: {}", code, file.getFileName(), fault.getMessage());
            moveTo(file, file.resolveSibling("taken"));
            return;
        }
        Path inbox = exchangeDir.resolve(code).resolve("inbox");
        Files.createDirectories(inbox);
        String receiptName = documentId + ".receipt.p7s";
        Path tmp = inbox.resolve("." + receiptName + ".tmp");
        Files.write(tmp, receipt);
        Files.move(tmp, inbox.resolve(receiptName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        moveTo(file, file.resolveSibling("taken"));
    }

    private static void moveTo(Path file, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.move(file, folder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    // ---- for tests and the demo, as SimulatedParties ----

    public synchronized Set<String> codes() {
        return Set.copyOf(parties.keySet());
    }

    @Override
    synchronized SimulatedRecipient party(String code) {
        SimulatedRecipient party = parties.get(code);
        if (party == null) {
            throw new IllegalArgumentException("no simulated FILE party " + code + " (started: " + parties.keySet() + ")");
        }
        return party;
    }

    /** Every party here tells {@code l} of each document it processed (the simulated replies). */
    @Override
    public synchronized void onProcessed(ProcessedListener l) {
        listener = l;
        parties.values().forEach(r -> r.listen(l));
    }
}
