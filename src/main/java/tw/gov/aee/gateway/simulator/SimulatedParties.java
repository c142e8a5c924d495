package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import tw.gov.aee.gateway.contract.party.DocumentReceiver;
import tw.gov.aee.gateway.contract.party.DocumentReceiverService;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The simulated banks and agencies of the demo and the tests: real SOAP peers, each with its own
 * keys from the PKI folder, answering pushed deliveries with receipts they sign themselves.
 *
 * <p>One HTTPS port (default 8543, 0 for a free one) serves every PUSH bank and PUSH agency of the
 * directory, each at the path of its directory endpoint ({@code /banks/004/receiver} …).
 * <b>One TLS server certificate serves them all</b>: {@code parties/004/tls-server.p12} (CN and
 * SAN {@code localhost}, issued by the sample CA), because they share one host and port; real
 * parties each present their own. The server listens on the loopback interface only and asks for
 * no client certificate.
 *
 * <p>Served by a second embedded Tomcat (the one Boot already ships) with CXF's
 * {@link CXFNonSpringServlet}, built by hand so that it shares nothing with the gateway's own
 * server and works without Spring: CXF's Jetty transport would be the usual choice, but
 * {@code cxf-rt-transports-http-jetty} was never published for CXF 4.1.4.
 *
 * <p>Keys are read when the server starts; every PUSH party needs {@code parties/<code>/signing.p12}
 * and {@code encryption.p12}. Thread-safe.
 */
public final class SimulatedParties extends SimulatedRecipients {

    private static final Logger log = LoggerFactory.getLogger(SimulatedParties.class);
    /** The one TLS server identity of the simulator (see the class comment). */
    static final String SERVER_CERTIFICATE = "parties/004/tls-server.p12";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ParticipantsDirectory directory;
    private final Path pkiDirectory;
    private final char[] password;
    private final int requestedPort;
    private final SignatureVerifier verifier;
    private final DocumentReader reader = new DocumentReader();
    private final Clock clock;

    private final Map<String, SimulatedRecipient> parties = new LinkedHashMap<>();
    private final SimulatedBranchWebhooks branchWebhooks;
    private Tomcat tomcat;
    private Path baseDir;
    private Bus bus;
    private int port = -1;

    /**
     * @param pkiDirectory laid out as {@code certs-sample/}: keys under {@code parties/<code>/},
     *                     trust under {@code ca/}
     * @param port         the HTTPS port; 0 picks a free one (see {@link #port()})
     * @param verifier     judges the signatures of incoming envelopes (sample CA bundle + CRLs)
     */
    public SimulatedParties(ParticipantsDirectory directory, Path pkiDirectory, char[] password, int port,
                            SignatureVerifier verifier) {
        this(directory, pkiDirectory, password, port, verifier, Clock.systemUTC());
    }

    public SimulatedParties(ParticipantsDirectory directory, Path pkiDirectory, char[] password, int port,
                            SignatureVerifier verifier, Clock clock) {
        this.directory = directory;
        this.pkiDirectory = pkiDirectory;
        this.password = password.clone();
        this.requestedPort = port;
        this.verifier = verifier;
        this.clock = clock;
        this.branchWebhooks = new SimulatedBranchWebhooks(pkiDirectory, verifier, clock);
    }

    /** Loads every PUSH bank's and agency's keys, publishes their receivers and opens the port. */
    public synchronized void start() {
        if (tomcat != null) {
            throw new IllegalStateException("already started");
        }
        for (Participant p : directory.all()) {
            if ((p.isBank() || p.isAgency()) && p.transport() == Transport.PUSH) {
                parties.put(p.code(), SimulatedRecipient.load(p, pkiDirectory, password, verifier, directory, reader, clock));
            }
        }
        bus = new CXFBusFactory().createBus();
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        for (SimulatedRecipient party : parties.values()) {
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceClass(DocumentReceiver.class);
            factory.setServiceBean(new SimulatedParty(party));
            factory.setServiceName(DocumentReceiverService.SERVICE);
            factory.setEndpointName(DocumentReceiverService.DocumentReceiverPort);
            // relative: served by the servlet below, at the path the directory gives the party
            factory.setAddress(party.participant().endpoint().getPath());
            Server server = factory.create();
            server.start();
        }
        tomcat = new Tomcat();
        try {
            baseDir = Files.createTempDirectory("aee-simulator");
            tomcat.setBaseDir(baseDir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a name of its own, so its JMX names never collide with the gateway's Tomcat
        tomcat.getEngine().setName("aee-simulator-" + INSTANCES.incrementAndGet());
        Connector connector = httpsConnector();
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // no web application is ever redeployed here: skip the leak hunts that need --add-opens
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "cxf", servlet).setLoadOnStartup(1);
        context.addServletMappingDecoded("/*", "cxf");
        // the WEBHOOK branches' receivers (directory endpoints /branches/<code>/replies)
        Tomcat.addServlet(context, "branch-webhooks", branchWebhooks);
        context.addServletMappingDecoded("/branches/*", "branch-webhooks");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            stop();
            throw new IllegalStateException("simulated parties cannot start on port " + requestedPort, e);
        }
        port = connector.getLocalPort();
        if (port <= 0) {
            stop();
            throw new IllegalStateException("simulated parties cannot listen on port " + requestedPort);
        }
        log.info("Simulated parties listening on https://localhost:{}: {}", port, parties.keySet());
    }

    public synchronized void stop() {
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                log.warn("Simulated parties did not stop cleanly: {}", e.getMessage());
            }
            tomcat = null;
        }
        if (baseDir != null) {
            // Tomcat's work folder: deleteOnExit cannot remove a folder that is not empty
            FileSystemUtils.deleteRecursively(baseDir.toFile());
            baseDir = null;
        }
        if (bus != null) {
            bus.shutdown(true);
            bus = null;
        }
        port = -1;
    }

    /** Tomcat's temporary base folder while started (removed by {@link #stop()}), else null. */
    synchronized Path baseDir() {
        return baseDir;
    }

    /** The port listened on, once started. */
    public synchronized int port() {
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** Where a party's receiver is reached now: its directory endpoint's path on {@link #port()}. */
    public URI endpoint(String code) {
        return URI.create("https://localhost:" + port() + party(code).participant().endpoint().getPath());
    }

    /** The simulated WEBHOOK branches' receivers. */
    public SimulatedBranchWebhooks branchWebhooks() {
        return branchWebhooks;
    }

    /** The codes of the simulated parties. */
    @Override
    public Set<String> codes() {
        return Set.copyOf(parties.keySet());
    }

    @Override
    SimulatedRecipient party(String code) {
        SimulatedRecipient party = parties.get(code);
        if (party == null) {
            throw new IllegalArgumentException("no simulated PUSH party " + code + " (started: " + parties.keySet() + ")");
        }
        return party;
    }

    private Connector httpsConnector() {
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(requestedPort);
        connector.setProperty("address", "127.0.0.1");
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(serverKeyStore());
        certificate.setCertificateKeystorePassword(new String(password));
        certificate.setCertificateKeyAlias("tls-server");
        ssl.addCertificate(certificate);
        connector.addSslHostConfig(ssl);
        return connector;
    }

    private KeyStore serverKeyStore() {
        Path file = pkiDirectory.resolve(SERVER_CERTIFICATE);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the simulator's TLS key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every party here tells {@code l} of each document it processed (the simulated replies). */
    @Override
    public synchronized void onProcessed(ProcessedListener l) {
        parties.values().forEach(r -> r.listen(l));
    }
}
