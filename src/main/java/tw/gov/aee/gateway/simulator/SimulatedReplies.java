package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.party.PartyMailbox;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.OrderKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.simulator.SeizureReplyGenerator.Plan;

/**
 * The simulated banks' back offices answering seizure orders (issue #6 item 10): once a simulated
 * bank has processed a SEIZURE order addressed to it, it answers after {@code delay} with a
 * {@link SeizureReplyGenerator SeizureReply} signed with its own {@code signing.p12} and encrypted
 * for the gateway ({@code gateway/archive.pem}, the gateway's encryption certificate) — through the
 * channel its transport implies, only through the gateway's public interfaces, with its own
 * credentials:
 * <ul>
 * <li>PUSH and PULL banks: SOAP {@code submitReply} at {@code /services/mailbox} over mutual TLS
 *     with their own {@code tls-client.p12}; the receipt is the response;
 * <li>BROKER banks: their {@code bank.<code>.out} with {@code kind=REPLY}; the receipt comes on
 *     their {@code .in} ({@link SimulatedBrokerParties#sendReply});
 * <li>FILE banks: {@code <replyId>.p7m} into {@code <exchange>/<code>/inbox/} (written as
 *     {@code .<name>.tmp}, then renamed); the receipt file appears in {@code <code>/outbox/}.
 * </ul>
 * Every receipt is checked as a bank would: signed by the gateway's signing certificate, naming
 * the reply, with the SHA-256 of the envelope sent. Tests drive {@link #answer} directly with a
 * {@link Plan} (result, amounts, welfare flag); {@link #automatic(boolean)} and {@link #plan} turn
 * the automatic answers off or shape them.
 */
public final class SimulatedReplies implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedReplies.class);
    private static final Duration RECEIPT_WAIT = Duration.ofSeconds(60);

    /** A reply a simulated bank sent and the gateway's receipt for it, verified at the bank. */
    public record SentReply(String bank, String channel, String replyId, String orderId, SeizureReply reply,
                            byte[] envelope, byte[] receiptBytes, Receipt receipt) {
        public boolean accepted() {
            return "ACCEPTED".equals(receipt.getStatus().name());
        }
    }

    private final ParticipantsDirectory directory;
    private final Path pkiDirectory;
    private final char[] password;
    private final SignatureVerifier verifier;
    private final SimulatedBrokerParties broker;
    private final SimulatedPullClients pullClients;
    private final Path exchangeDir;
    private final Duration delay;
    private final X509Certificate gatewaySigning;
    private final X509Certificate gatewayEncryption;
    private final SeizureReplyGenerator generator = new SeizureReplyGenerator();
    private final DocumentReader reader = new DocumentReader();
    private final Map<String, CmsSigner> signers = new ConcurrentHashMap<>();
    private final Map<String, PartyMailbox> mailboxes = new ConcurrentHashMap<>();
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    /** Guarded by itself; the most recent {@code keep} replies. */
    private final ArrayDeque<SentReply> sent = new ArrayDeque<>();
    private final int keep;
    private final ScheduledExecutorService executor;
    private volatile boolean automatic;
    private volatile int gatewayPort;

    public SimulatedReplies(ParticipantsDirectory directory, Path pkiDirectory, char[] password, SignatureVerifier verifier,
                            SimulatedParties push, SimulatedPullClients pull, SimulatedBrokerParties broker,
                            Path exchangeDir, SimulatorProperties.Replies settings) {
        this.directory = directory;
        this.pkiDirectory = pkiDirectory;
        this.password = password.clone();
        this.verifier = verifier;
        this.broker = broker;
        this.pullClients = pull;
        this.exchangeDir = exchangeDir;
        this.automatic = settings.enabled();
        this.delay = settings.delay();
        this.keep = settings.keep();
        this.gatewaySigning = pem(pkiDirectory.resolve("gateway/signing.pem"));
        this.gatewayEncryption = pem(pkiDirectory.resolve("gateway/archive.pem"));
        this.executor = Executors.newScheduledThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "simulated-replies");
            t.setDaemon(true);
            return t;
        });
        ProcessedListener listener = this::processed;
        push.onProcessed(listener);
        pull.onProcessed(listener);
        broker.onProcessed(listener);
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            gatewayPort = event.getWebServer().getPort();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    // ---- knobs ----

    /** Whether banks answer processed seizure orders by themselves (tests turn this off and call {@link #answer}). */
    public void automatic(boolean on) {
        automatic = on;
    }

    /** How {@code bank} answers from now on (automatic answers); null: back to the default mix. */
    public void plan(String bank, Plan plan) {
        if (plan == null) {
            plans.remove(bank);
        } else {
            plans.put(bank, plan);
        }
    }

    /** Every reply sent, with the gateway's receipt, oldest first. */
    public List<SentReply> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    // ---- answering ----

    /** What a simulated party calls once it processed a document: FILE parties register it here. */
    ProcessedListener processedListener() {
        return this::processed;
    }

    private void processed(String party, String documentId, Object document) {
        if (!automatic || !(document instanceof EnforcementOrder order) || order.getKind() != OrderKind.SEIZURE
                || order.getHeader().getRecipient().stream().map(PartyRef::getCode).noneMatch(party::equals)) {
            return;
        }
        executor.schedule(() -> {
            try {
                answer(party, order, documentId, plans.getOrDefault(party, Plan.DEFAULT));
            } catch (RuntimeException e) {
                log.warn("Simulated bank {} could not answer order {}: {}", party, documentId, e.toString());
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@code bank} answers {@code order} (delivered as {@code orderId}) through its channel and
     * waits for the gateway's receipt, which it verifies.
     *
     * @throws IllegalStateException when the gateway refuses the call, no receipt comes, or the
     *         receipt does not hold up
     */
    public SentReply answer(String bank, EnforcementOrder order, String orderId, Plan plan) {
        Participant p = directory.find(bank).filter(Participant::isBank)
                .orElseThrow(() -> new IllegalArgumentException(bank + " is no bank of the directory"));
        SeizureReply reply = generator.reply(order, orderId, bank, plan, Instant.now());
        return send(p, reply, seal(bank, reader.toXml(reply)), orderId);
    }

    /** Sends an envelope the test made (a forgery, a replay) as {@code bank}, through its channel. */
    public SentReply sendAs(String bank, String replyId, byte[] envelope) {
        Participant p = directory.find(bank).orElseThrow();
        return send(p, replyId, envelope, null, null);
    }

    /** Signs as {@code bank} and encrypts for the gateway, as the bank's system does. */
    public byte[] seal(String bank, byte[] xml) {
        CmsSigner signer = signers.computeIfAbsent(bank, code -> new CmsSigner(KeyMaterial.fromPkcs12(
                pkiDirectory.resolve("parties").resolve(code).resolve("signing.p12"), password)));
        return CmsEnvelope.seal(xml, signer, List.of(gatewayEncryption));
    }

    private SentReply send(Participant p, SeizureReply reply, byte[] envelope, String orderId) {
        return send(p, reply.getHeader().getDocumentId(), envelope, reply, orderId);
    }

    private SentReply send(Participant p, String replyId, byte[] envelope, SeizureReply reply, String orderId) {
        String channel;
        byte[] receipt;
        switch (p.transport()) {
            case PUSH, PULL -> {
                channel = "SOAP";
                receipt = viaSoap(p.code(), replyId, envelope);
            }
            case BROKER -> {
                channel = "BROKER";
                receipt = await(broker.sendReply(p.code(), replyId, envelope), p.code(), replyId);
            }
            case FILE -> {
                channel = "FILE";
                receipt = viaFile(p.code(), replyId, envelope);
            }
            default -> throw new IllegalArgumentException(p.code() + " (" + p.transport() + ") sends no electronic replies");
        }
        Receipt r = verify(replyId, envelope, receipt);
        SentReply s = new SentReply(p.code(), channel, replyId, orderId, reply, envelope, receipt, r);
        synchronized (sent) {
            sent.addLast(s);
            while (sent.size() > keep) {
                sent.removeFirst();
            }
        }
        log.debug("Simulated bank {} replied {} to order {} by {}: gateway receipt {}{}", p.code(), replyId, orderId, channel,
                r.getStatus(), r.getErrorCode() == null ? "" : " " + r.getErrorCode());
        return s;
    }

    private byte[] viaSoap(String code, String replyId, byte[] envelope) {
        if (gatewayPort == 0) {
            throw new IllegalStateException("the gateway's port is not known yet");
        }
        PartyMailbox mailbox = mailboxes.computeIfAbsent(code, c -> pullClients.clientOf(c, gatewayPort));
        try {
            return mailbox.submitReply(replyId, envelope);
        } catch (GatewayFault e) {
            throw new IllegalStateException("submitReply of " + code + " refused: "
                    + (e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getCode()), e);
        }
    }

    private byte[] viaFile(String code, String replyId, byte[] envelope) {
        Path inbox = exchangeDir.resolve(code).resolve("inbox");
        Path receiptFile = exchangeDir.resolve(code).resolve("outbox").resolve(replyId + ".receipt.p7s");
        try {
            Files.createDirectories(inbox);
            Files.deleteIfExists(receiptFile); // a receipt from an earlier send of the same id is not this one's
            Path tmp = inbox.resolve("." + replyId + ".p7m.tmp");
            Files.write(tmp, envelope);
            Files.move(tmp, inbox.resolve(replyId + ".p7m"), StandardCopyOption.ATOMIC_MOVE);
            long until = System.nanoTime() + RECEIPT_WAIT.toNanos();
            while (System.nanoTime() < until) {
                if (Files.exists(receiptFile)) {
                    return Files.readAllBytes(receiptFile);
                }
                TimeUnit.MILLISECONDS.sleep(100); // the bank's own poller, not a gateway consumer
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the receipt of " + replyId, e);
        }
        throw new IllegalStateException("no receipt file for reply " + replyId + " of " + code + " within " + RECEIPT_WAIT);
    }

    private static byte[] await(java.util.concurrent.CompletableFuture<byte[]> receipt, String code, String replyId) {
        try {
            return receipt.get(RECEIPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("no receipt on the broker for reply " + replyId + " of " + code, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As a bank checks the gateway's receipt: the gateway signed it, for this reply, for these bytes. */
    private Receipt verify(String replyId, byte[] envelope, byte[] receipt) {
        SignatureVerifier.VerifiedContent v = verifier.verify(receipt, Instant.now());
        if (!v.signer().equals(gatewaySigning)) {
            throw new IllegalStateException("receipt for reply " + replyId + " not signed by the gateway but by "
                    + v.signer().getSubjectX500Principal().getName());
        }
        Receipt r = reader.readXml(v.content(), Receipt.class);
        String digest = CmsEnvelope.sha256Hex(envelope);
        if (!digest.equals(r.getEnvelopeSha256())) {
            throw new IllegalStateException("receipt for reply " + replyId + " names digest " + r.getEnvelopeSha256()
                    + ", sent " + digest);
        }
        return r;
    }

    private static X509Certificate pem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
