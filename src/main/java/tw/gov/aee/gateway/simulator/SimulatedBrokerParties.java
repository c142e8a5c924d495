package tw.gov.aee.gateway.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.JMSFactoryType;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnectorFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.TransportConstants;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyMaterial;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.Transport;

/**
 * The simulated BROKER banks and agencies: each connects to the gateway's broker from outside
 * over its Netty acceptor (TLS, trusting only the sample CA) with <em>its own</em> broker user,
 * consumes its {@code bank.<code>.in} (agencies {@code agency.<code>.in}), and answers every
 * envelope with its signed Receipt on its {@code .out}, with the {@code documentId} property.
 *
 * <p>What a recipient does with an envelope — open it with its own key, verify the branch's
 * signature and the addressing, process a document id once, answer a resend with the original
 * receipt, misbehave on request — is {@link SimulatedRecipient}'s, the same as for pushed deliveries.
 * Each message is taken and answered in one JMS transaction: a receipt is sent if and only if the
 * envelope is consumed. While {@link Behaviour#DOWN} the party rolls back what it receives, so
 * the broker redelivers it later.
 */
public final class SimulatedBrokerParties extends SimulatedRecipients {

    private static final Logger log = LoggerFactory.getLogger(SimulatedBrokerParties.class);

    /** How a simulated party reaches the broker: host, port, TLS, and its password by party code. */
    public record BrokerAccess(String host, int port, boolean tls, Map<String, String> passwords) {
        @Override
        public String toString() {
            return "BrokerAccess[" + host + ":" + port + ", tls=" + tls + ", users=" + passwords.keySet() + "]";
        }
    }

    private final ParticipantsDirectory directory;
    private final Path pkiDirectory;
    private final char[] password;
    private final SignatureVerifier verifier;
    private final BrokerAccess access;
    private final DocumentReader reader = new DocumentReader();
    private final Clock clock = Clock.systemUTC();

    private final Map<String, SimulatedRecipient> parties = new LinkedHashMap<>();
    private final List<Connection> connections = new java.util.ArrayList<>();
    /** Each party's connection for sending its replies, made on its first reply. */
    private final Map<String, Connection> replyConnections = new HashMap<>();
    /** Replies sent on a party's .out, waiting for the gateway's receipt on its .in, by reply id. */
    private final Map<String, java.util.concurrent.CompletableFuture<byte[]>> awaitingReceipts =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SimulatedBrokerParties(ParticipantsDirectory directory, Path pkiDirectory, char[] password,
                                  SignatureVerifier verifier, BrokerAccess access) {
        this.directory = directory;
        this.pkiDirectory = pkiDirectory;
        this.password = password.clone();
        this.verifier = verifier;
        this.access = access;
    }

    /** Connects every BROKER bank and agency that has broker credentials and starts consuming. */
    public synchronized void start() {
        for (Participant p : directory.all()) {
            if (!(p.isBank() || p.isAgency()) || p.transport() != Transport.BROKER) {
                continue;
            }
            String secret = access.passwords().get(p.code());
            if (secret == null) {
                log.warn("Simulated BROKER party {} has no broker password: not started", p.code());
                continue;
            }
            SimulatedRecipient party = SimulatedRecipient.load(p, pkiDirectory, password, verifier, directory, reader,
                    clock);
            parties.put(p.code(), party);
            try {
                connections.add(consume(party, secret));
            } catch (JMSException e) {
                stop();
                throw new IllegalStateException("simulated " + p.code() + " cannot connect to the broker " + access, e);
            }
        }
        log.info("Simulated broker parties consuming over {}: {}", access, parties.keySet());
    }

    public synchronized void stop() {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                log.warn("Simulated broker connection did not close cleanly: {}", e.getMessage());
            }
        }
        connections.clear();
        for (String code : List.copyOf(replyConnections.keySet())) {
            dropReplyConnection(code);
        }
    }

    private Connection consume(SimulatedRecipient party, String secret) throws JMSException {
        Participant p = party.participant();
        String prefix = p.isBank() ? "bank." : "agency.";
        ActiveMQConnectionFactory factory = connectionFactory(pkiDirectory, password, access.host(), access.port(),
                access.tls());
        Connection connection = factory.createConnection(p.code(), secret);
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer receipts = session.createProducer(session.createQueue(prefix + p.code() + ".out"));
        session.createConsumer(session.createQueue(prefix + p.code() + ".in"))
                .setMessageListener(message -> onMessage(party, session, receipts, message));
        connection.start();
        return connection;
    }

    /** A client connection factory for the gateway's party acceptor, trusting the sample CA only. */
    public static ActiveMQConnectionFactory connectionFactory(Path pkiDirectory, char[] password, String host, int port,
                                                       boolean tls) {
        Map<String, Object> params = new HashMap<>();
        params.put(TransportConstants.HOST_PROP_NAME, host);
        params.put(TransportConstants.PORT_PROP_NAME, port);
        if (tls) {
            params.put(TransportConstants.SSL_ENABLED_PROP_NAME, true);
            params.put(TransportConstants.TRUSTSTORE_PATH_PROP_NAME, pkiDirectory.resolve("ca/truststore.p12").toString());
            params.put(TransportConstants.TRUSTSTORE_PASSWORD_PROP_NAME, new String(password));
            params.put(TransportConstants.TRUSTSTORE_TYPE_PROP_NAME, "PKCS12");
            params.put(TransportConstants.VERIFY_HOST_PROP_NAME, true);
        }
        ActiveMQConnectionFactory factory = ActiveMQJMSClient.createConnectionFactoryWithoutHA(JMSFactoryType.CF,
                new TransportConfiguration(NettyConnectorFactory.class.getName(), params));
        factory.setReconnectAttempts(-1);
        factory.setRetryInterval(500);
        return factory;
    }

    private void onMessage(SimulatedRecipient party, Session session, MessageProducer receipts, Message message) {
        String code = party.participant().code();
        try {
            String documentId = message.getStringProperty("documentId");
            if ("RECEIPT".equals(message.getStringProperty("kind"))) {
                // the gateway's receipt for a reply this party sent, not a document
                byte[] receipt = message instanceof BytesMessage b ? b.getBody(byte[].class) : null;
                var waiting = documentId == null ? null : awaitingReceipts.remove(documentId);
                if (waiting != null && receipt != null) {
                    waiting.complete(receipt);
                } else {
                    log.info("Simulated {} got a gateway receipt for reply {} nobody waits for", code, documentId);
                }
                session.commit();
                return;
            }
            byte[] envelope = message instanceof BytesMessage b ? b.getBody(byte[].class) : null;
            byte[] receipt;
            try {
                receipt = party.receive(documentId, envelope);
            } catch (GatewayException fault) {
                if (fault.error() == GatewayError.INTERNAL) {
                    session.rollback(); // DOWN: not taken; the broker brings it back later
                    return;
                }
                // no receipt can name what is no document id: a real bank would log it and move on
                log.warn("Simulated {} dropped an unusable message: {}", code, fault.getMessage());
                session.commit();
                return;
            }
            BytesMessage answer = session.createBytesMessage();
            answer.writeBytes(receipt);
            answer.setStringProperty("documentId", documentId);
            receipts.send(answer);
            session.commit();
        } catch (JMSException | RuntimeException e) {
            log.warn("Simulated {} could not answer a message, rolling back: {}", code, e.toString());
            try {
                session.rollback();
            } catch (JMSException again) {
                log.warn("Simulated {} could not roll back: {}", code, again.toString());
            }
        }
    }

    /**
     * Sends a seizure reply as the party, on its own {@code .out} address with {@code kind=REPLY}
     * and {@code replyId}, over a connection of its own kept for its replies (the listener's
     * session belongs to its thread; a TLS connection per reply cost a handshake and a trust
     * store load each time, issue #7), in a session of its own per reply; the gateway's receipt
     * arrives on the party's {@code .in} and completes the future. A connection that fails is
     * dropped and the reply sent once more over a new one.
     */
    public java.util.concurrent.CompletableFuture<byte[]> sendReply(String code, String replyId, byte[] envelope) {
        SimulatedRecipient party = party(code);
        var receipt = new java.util.concurrent.CompletableFuture<byte[]>();
        awaitingReceipts.put(replyId, receipt);
        Participant p = party.participant();
        String queue = (p.isBank() ? "bank." : "agency.") + code + ".out";
        try {
            try {
                send(replyConnection(code), queue, replyId, envelope);
            } catch (JMSException first) {
                dropReplyConnection(code);
                send(replyConnection(code), queue, replyId, envelope);
            }
        } catch (JMSException e) {
            dropReplyConnection(code);
            awaitingReceipts.remove(replyId);
            throw new IllegalStateException("simulated " + code + " could not send reply " + replyId, e);
        }
        return receipt;
    }

    private static void send(Connection c, String queue, String replyId, byte[] envelope) throws JMSException {
        try (Session session = c.createSession(true, Session.SESSION_TRANSACTED)) {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(envelope);
            m.setStringProperty("kind", "REPLY");
            m.setStringProperty("replyId", replyId);
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.send(m);
            }
            session.commit();
        }
    }

    private synchronized Connection replyConnection(String code) throws JMSException {
        Connection c = replyConnections.get(code);
        if (c == null) {
            c = connectionFactory(pkiDirectory, password, access.host(), access.port(), access.tls())
                    .createConnection(code, access.passwords().get(code));
            replyConnections.put(code, c);
        }
        return c;
    }

    private synchronized void dropReplyConnection(String code) {
        Connection c = replyConnections.remove(code);
        if (c != null) {
            try {
                c.close();
            } catch (JMSException e) {
                log.debug("Simulated {}: reply connection did not close cleanly: {}", code, e.getMessage());
            }
        }
    }

    private KeyMaterial key(String code, String name) {
        return KeyMaterial.fromPkcs12(pkiDirectory.resolve("parties").resolve(code).resolve(name + ".p12"), password);
    }

    // ---- for tests and the demo, as SimulatedParties ----

    @Override
    public Set<String> codes() {
        return Set.copyOf(parties.keySet());
    }

    @Override
    synchronized SimulatedRecipient party(String code) {
        SimulatedRecipient party = parties.get(code);
        if (party == null) {
            throw new IllegalArgumentException("no simulated BROKER party " + code + " (started: " + parties.keySet() + ")");
        }
        return party;
    }

    /** Every party here tells {@code l} of each document it processed (the simulated replies). */
    @Override
    public synchronized void onProcessed(ProcessedListener l) {
        parties.values().forEach(r -> r.listen(l));
    }
}
