package tw.gov.aee.gateway.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.Transport;
import tw.gov.aee.gateway.simulator.PartyHttpClients;
import tw.gov.aee.gateway.simulator.SimulatedBranchWebhooks;

/**
 * The 13 branch case systems of the benchmark, each by its own directory transport: they submit
 * over mutual TLS with their own client certificates ({@code POST /api/v1/documents}), and take
 * the reply notices the gateway routes to them — WEBHOOK branches through the simulator's
 * signature-checking receivers, POLLING branches by calling {@code GET /api/v1/replies?since=},
 * BROKER branches by consuming {@code branch.<code>.replies}. Every notice is told to the
 * {@link Ledger}, which counts at the branches' side.
 */
final class BranchSystems implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Participant> branches;
    private final Map<String, HttpClient> clients = new HashMap<>();
    private final Ledger ledger;
    private final String base;
    private final List<Thread> pollers = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    /** Reply ids each polling or broker branch took (a webhook branch's receiver keeps its own). */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    BranchSystems(List<Participant> branches, Path pki, char[] password, int gatewayPort, Ledger ledger) {
        this.branches = List.copyOf(branches);
        this.ledger = ledger;
        this.base = "https://localhost:" + gatewayPort;
        for (Participant b : branches) {
            clients.put(b.code(), PartyHttpClients.of(pki, password, b.code()));
        }
    }

    /** Forgets the reply ids taken (after counting). */
    void forgetHistory() {
        seen.clear();
    }

    List<Participant> branches() {
        return branches;
    }

    /** Starts taking replies: webhook listener, pollers, broker consumers. */
    void start(SimulatedBranchWebhooks webhooks, ConnectionFactory broker) throws JMSException {
        webhooks.onReceived((branch, replyId, body) -> notice(branch, body));
        for (Participant b : branches) {
            if (b.transport() == Transport.POLLING) {
                Thread t = new Thread(() -> poll(b.code()), "benchmark-poll-" + b.code());
                t.setDaemon(true);
                t.start();
                pollers.add(t);
            } else if (b.transport() == Transport.BROKER) {
                Connection c = broker.createConnection();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = s.createConsumer(s.createQueue("branch." + b.code() + ".replies"));
                consumer.setMessageListener(m -> {
                    try {
                        notice(b.code(), ((TextMessage) m).getText().getBytes(StandardCharsets.UTF_8));
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                });
                c.start();
                connections.add(c);
            }
        }
    }

    /** Submits one document as {@code branch}; the HTTP answer. */
    HttpResponse<String> submit(String branch, String xml) throws IOException, InterruptedException {
        return clients.get(branch).send(HttpRequest.newBuilder(URI.create(base + "/api/v1/documents"))
                        .header("Content-Type", "application/xml").timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void poll(String branch) {
        String cursor = "since=" + URLEncoder.encode("1970-01-01T00:00:00Z", StandardCharsets.UTF_8);
        while (running) {
            try {
                HttpResponse<String> r = clients.get(branch).send(HttpRequest.newBuilder(URI.create(base
                                + "/api/v1/replies?limit=500&" + cursor))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IOException("HTTP " + r.statusCode() + " " + r.body());
                }
                JsonNode page = JSON.readTree(r.body());
                for (JsonNode n : page.path("replies")) {
                    notice(branch, n);
                }
                if (page.hasNonNull("next")) {
                    cursor = "after=" + URLEncoder.encode(page.path("next").asText(), StandardCharsets.UTF_8);
                }
                if (page.path("replies").size() < 500) {
                    Thread.sleep(250);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("benchmark: branch " + branch + " could not poll: " + e);
                    sleep();
                }
            }
        }
    }

    private void notice(String branch, byte[] body) {
        try {
            notice(branch, JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("branch " + branch + " got an unreadable notice", e);
        }
    }

    private void notice(String branch, JsonNode n) {
        String replyId = n.path("replyId").asText(null);
        if (replyId == null || !"REPLY".equals(n.path("kind").asText("REPLY"))) {
            return; // another kind of notice of the branch feed (OVERDUE: none in a run where banks answer)
        }
        if (!seen.add(replyId) && !isWebhook(branch)) {
            ledger.rawRedelivery();
            return;
        }
        ledger.replied(branch, n.path("orderId").asText(), n.path("bank").asText(), replyId, System.nanoTime());
    }

    private boolean isWebhook(String branch) {
        return branches.stream().anyMatch(b -> b.code().equals(branch) && b.transport() == Transport.WEBHOOK);
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
        for (Connection c : connections) {
            try {
                c.close();
            } catch (JMSException e) {
                // closing anyway
            }
        }
    }
}
