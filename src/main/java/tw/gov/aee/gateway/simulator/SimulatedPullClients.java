package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.cxf.Bus;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.party.PartyMailbox;
import tw.gov.aee.gateway.contract.party.PartyMailboxService;
import tw.gov.aee.gateway.contract.party.PendingDocument;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The simulated PULL banks and agencies (005 臺灣土地銀行, BLI in the shipped directory): each
 * fetches its mailbox at the gateway's {@code /services/mailbox} every {@code pull-interval}, over
 * mutual TLS with its <em>own</em> {@code parties/<code>/tls-client.p12} — exactly as a real bank
 * would — hands every envelope to its {@link SimulatedRecipient} (open with its own encryption key,
 * verify, process once per document id) and acknowledges it with the receipt that signs.
 *
 * <p>The gateway's port is learnt from the web server once it is up. Polling runs on a thread of its
 * own, not Spring's scheduler, whose single thread also runs the gateway's own timers: a slow
 * mailbox call must never delay them. {@link Behaviour#DOWN} pauses a party's polling (an outage);
 * the other behaviours shape its receipts as for PUSH parties. Thread-safe.
 */
public final class SimulatedPullClients extends SimulatedRecipients
        implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedPullClients.class);
    static final String PATH = "/services/mailbox";

    private final Path pkiDirectory;
    private final char[] password;
    private final Duration interval;
    private final int batch;
    private final Map<String, SimulatedRecipient> recipients = new LinkedHashMap<>();
    private final Map<String, PartyMailbox> mailboxes = new LinkedHashMap<>();
    private final Map<String, AtomicLong> refusedAcknowledgements = new LinkedHashMap<>();
    private final Bus bus = new CXFBusFactory().createBus();
    private ScheduledExecutorService poller;

    public SimulatedPullClients(ParticipantsDirectory directory, Path pkiDirectory, char[] password,
                                SignatureVerifier verifier, Duration interval, int batch) {
        this.pkiDirectory = pkiDirectory;
        this.password = password.clone();
        this.interval = interval;
        this.batch = batch;
        // blocking HttpsURLConnection, as the gateway's PushClient (issue #7)
        bus.setExtension((HTTPConduitFactory) (factory, b, endpoint, target) -> new URLConnectionHTTPConduit(b, endpoint,
                target), HTTPConduitFactory.class);
        DocumentReader reader = new DocumentReader();
        for (Participant p : directory.all()) {
            if ((p.isBank() || p.isAgency()) && p.transport() == Transport.PULL) {
                recipients.put(p.code(), SimulatedRecipient.load(p, pkiDirectory, this.password, verifier, directory,
                        reader, Clock.systemUTC()));
                refusedAcknowledgements.put(p.code(), new AtomicLong());
            }
        }
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) { // the gateway's port, not management's
            start(event.getWebServer().getPort());
        }
    }

    /** Builds each party's mailbox client for the gateway on {@code port} and starts polling. */
    public synchronized void start(int gatewayPort) {
        if (poller != null) {
            return;
        }
        TrustManager[] trust = trustManagers();
        for (String code : recipients.keySet()) {
            mailboxes.put(code, mailbox(code, "https://localhost:" + gatewayPort + PATH, trust));
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-pull");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Simulated PULL parties {} fetch https://localhost:{}{} every {}", recipients.keySet(), gatewayPort,
                PATH, interval);
    }

    /**
     * Stops polling when the application begins to close, before its web server stops: a poll
     * after that only fails to connect (and CXF logs each failure with its stack trace). A poll
     * under way is let finish.
     */
    @EventListener(ContextClosedEvent.class)
    public void stopPolling() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
        }
        if (p == null) {
            return;
        }
        p.shutdown();
        try {
            if (!p.awaitTermination(10, TimeUnit.SECONDS)) {
                p.shutdownNow();
            }
        } catch (InterruptedException e) {
            p.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        mailboxes.values().forEach(m -> ClientProxy.getClient(m).destroy());
        mailboxes.clear();
        bus.shutdown(true);
    }

    private void pollAll() {
        for (String code : recipients.keySet()) {
            try {
                poll(code);
            } catch (RuntimeException e) {
                // never let one party's trouble end the schedule (a thrown task is not run again)
                log.warn("Simulated PULL party {} could not poll: {}", code, e.toString());
            }
        }
    }

    /**
     * One round for one party: fetch, process, acknowledge. Skipped while the party is DOWN.
     *
     * @return how many acknowledgements the gateway took
     */
    public int poll(String code) {
        SimulatedRecipient recipient = party(code);
        PartyMailbox mailbox;
        synchronized (this) {
            mailbox = mailboxes.get(code);
        }
        if (mailbox == null || recipient.behaviour() == Behaviour.DOWN) {
            return 0;
        }
        List<PendingDocument> pending;
        try {
            pending = mailbox.fetchPending(batch);
        } catch (GatewayFault e) {
            log.warn("Simulated PULL party {}: fetch refused: {}", code, faultCode(e));
            return 0;
        }
        int taken = 0;
        for (PendingDocument d : pending) {
            byte[] receipt;
            try {
                receipt = recipient.receive(d.getDocumentId(), d.getEnvelope());
            } catch (GatewayException e) {
                log.warn("Simulated PULL party {}: document {} not taken: {}", code, d.getDocumentId(), e.error().code());
                continue;
            }
            try {
                mailbox.acknowledge(d.getDocumentId(), receipt);
                taken++;
            } catch (GatewayFault e) {
                refusedAcknowledgements.get(code).incrementAndGet();
                log.warn("Simulated PULL party {}: acknowledgement of {} refused: {}", code, d.getDocumentId(), faultCode(e));
            }
        }
        return taken;
    }

    // ---- what tests and the demo count (DESIGN §9 "Counting deliveries") ----

    /** The codes of the simulated PULL parties. */
    @Override
    public Set<String> codes() {
        return Set.copyOf(recipients.keySet());
    }

    /** Acknowledgements the gateway refused (bad receipts while misbehaving). */
    public long refusedAcknowledgements(String code) {
        party(code);
        return refusedAcknowledgements.get(code).get();
    }

    @Override
    SimulatedRecipient party(String code) {
        SimulatedRecipient r = recipients.get(code);
        if (r == null) {
            throw new IllegalArgumentException("no simulated PULL party " + code + " (known: " + recipients.keySet() + ")");
        }
        return r;
    }

    /**
     * A mailbox client of any simulated bank (PUSH banks submit their replies here too) for the
     * gateway on {@code gatewayPort}, over mutual TLS with that bank's own client certificate.
     */
    PartyMailbox clientOf(String code, int gatewayPort) {
        return mailbox(code, "https://localhost:" + gatewayPort + PATH, trustManagers());
    }

    private PartyMailbox mailbox(String code, String address, TrustManager[] trust) {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(PartyMailbox.class);
        factory.setServiceName(PartyMailboxService.SERVICE);
        factory.setEndpointName(PartyMailboxService.PartyMailboxPort);
        factory.setAddress(address);
        PartyMailbox mailbox = (PartyMailbox) factory.create();
        HTTPConduit conduit = (HTTPConduit) ClientProxy.getClient(mailbox).getConduit();
        TLSClientParameters tls = new TLSClientParameters();
        tls.setKeyManagers(keyManagers(code));
        tls.setTrustManagers(trust);
        tls.setDisableCNCheck(false);
        conduit.setTlsClientParameters(tls);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(5_000);
        policy.setReceiveTimeout(30_000);
        policy.setAllowChunking(false); // as the gateway's PushClient: sent with its length, no probe per POST
        conduit.setClient(policy);
        return mailbox;
    }

    /** The party's own TLS client identity: the gateway knows the party by it. */
    private KeyManager[] keyManagers(String code) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(pkiDirectory.resolve("parties").resolve(code).resolve("tls-client.p12")), password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("simulated " + code + " has no usable TLS client key: " + e.getMessage(), e);
        }
    }

    private TrustManager[] trustManagers() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(pkiDirectory.resolve("ca/truststore.p12")));
            return tmf.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the simulator's trust store: " + e.getMessage(), e);
        }
    }

    private KeyStore load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String faultCode(GatewayFault e) {
        return e.getFaultInfo() == null ? e.getMessage() : e.getFaultInfo().getCode() + " " + e.getFaultInfo().getMessage();
    }

    /** Every party here tells {@code l} of each document it processed (the simulated replies). */
    @Override
    public synchronized void onProcessed(ProcessedListener l) {
        recipients.values().forEach(r -> r.listen(l));
    }
}
