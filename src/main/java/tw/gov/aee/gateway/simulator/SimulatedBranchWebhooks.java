package tw.gov.aee.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.crypto.SignatureVerifier;

/**
 * The simulated branches' webhook receivers ({@code POST /branches/<code>/replies}, the endpoints
 * the directory gives WEBHOOK branches), served by the simulator's Tomcat. Each call's
 * {@code X-Gateway-Signature} must be a detached CMS signature over the exact body bytes by the
 * gateway's signing certificate ({@code gateway/signing.pem}), else 401. Replies are counted once
 * per reply id (the gateway delivers at least once); other notices ({@code X-Notice-Kind} other
 * than REPLY, e.g. OVERDUE) once per {@code X-Notice-Id}; raw calls are counted separately, in all
 * and per notice id. A branch switched {@link #down} answers 503, as an unreachable branch system
 * would make the gateway retry.
 */
public final class SimulatedBranchWebhooks extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(SimulatedBranchWebhooks.class);
    private static final int RETAINED_BODIES = 2_000;

    /** Told of every reply a branch takes, once per reply id, with the verified body. */
    @FunctionalInterface
    public interface Listener {
        void received(String branch, String replyId, byte[] body);
    }

    private final transient SignatureVerifier verifier;
    private final transient X509Certificate gateway;
    private final transient Clock clock;
    /** Reply ids taken, per branch (each once, however often it came). */
    private final Map<String, Set<String>> received = new ConcurrentHashMap<>();
    /** Guarded by itself: the bodies of the most recent replies taken, by branch + reply id. */
    private final Map<String, byte[]> bodies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > RETAINED_BODIES;
        }
    };
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> raw = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    /** branch → kind → notice id → body, for notices that are not replies. */
    private final Map<String, Map<String, Map<String, byte[]>>> notices = new ConcurrentHashMap<>();
    /** branch + notice id → signed calls that carried it. */
    private final Map<String, AtomicLong> callsPerNotice = new ConcurrentHashMap<>();
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    public SimulatedBranchWebhooks(Path pkiDirectory, SignatureVerifier verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
        try (InputStream in = Files.newInputStream(pkiDirectory.resolve("gateway/signing.pem"))) {
            this.gateway = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read the gateway's signing certificate: " + e.getMessage(), e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] path = request.getRequestURI().split("/");   // "", "branches", code, "replies"
        if (path.length != 4 || !"replies".equals(path[3])) {
            response.sendError(404);
            return;
        }
        String branch = path[2];
        if (down.contains(branch)) {
            response.sendError(503);
            return;
        }
        raw.computeIfAbsent(branch, b -> new AtomicLong()).incrementAndGet();
        byte[] body = request.getInputStream().readNBytes(1024 * 1024);
        String header = request.getHeader("X-Gateway-Signature");
        String replyId = request.getHeader("X-Reply-Id");
        try {
            SignatureVerifier.VerifiedContent v = verifier.verifyDetached(Base64.getDecoder().decode(header == null ? "" : header),
                    body, clock.instant());
            if (!v.signer().equals(gateway)) {
                throw new IllegalArgumentException("signed by " + v.signer().getSubjectX500Principal().getName());
            }
        } catch (GatewayException | IllegalArgumentException e) {
            refused.computeIfAbsent(branch, b -> new AtomicLong()).incrementAndGet();
            log.warn("simulated branch {} refused a webhook call: {}", branch, e.getMessage());
            response.sendError(401);
            return;
        }
        String kind = request.getHeader("X-Notice-Kind");
        String noticeId = request.getHeader("X-Notice-Id");
        String id = noticeId != null ? noticeId : replyId;
        if (id != null) {
            callsPerNotice.computeIfAbsent(branch + "/" + id, k -> new AtomicLong()).incrementAndGet();
        }
        if (kind != null && !"REPLY".equals(kind)) {
            if (noticeId != null && notices.computeIfAbsent(branch, b -> new ConcurrentHashMap<>())
                    .computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).putIfAbsent(noticeId, body) == null) {
                log.info("simulated branch {} received {} notice {}", branch, kind, noticeId);
            }
        } else if (replyId != null && received.computeIfAbsent(branch, b -> ConcurrentHashMap.newKeySet()).add(replyId)) {
            synchronized (bodies) {
                bodies.put(branch + ' ' + replyId, body);
            }
            log.debug("simulated branch {} received reply {}", branch, replyId);
            for (Listener l : listeners) {
                l.received(branch, replyId, body);
            }
        }
        response.setStatus(204);
    }

    /**
     * Forgets its record of every reply and notice taken (the call counters stay; the bounded
     * cache of recent bodies too): for the benchmark, once it has counted, to tell the gateway's
     * heap from the branches' records of every reply.
     */
    public void forgetHistory() {
        received.clear();
        notices.clear();
        callsPerNotice.clear();
    }

    /** Replies the branch took (each once), by reply id. */
    public List<String> replyIds(String branch) {
        return new ArrayList<>(received.getOrDefault(branch, Set.of()));
    }

    /** The body the branch got for a reply (one of the last 2,000 taken), or null. */
    public byte[] body(String branch, String replyId) {
        synchronized (bodies) {
            return bodies.get(branch + ' ' + replyId);
        }
    }

    /** Tells {@code listener} of every reply a branch takes from now on. */
    public void onReceived(Listener listener) {
        listeners.add(listener);
    }

    /** Ids of the notices of {@code kind} (other than REPLY, e.g. OVERDUE) the branch took, each once. */
    public List<String> noticeIds(String branch, String kind) {
        return new ArrayList<>(notices.getOrDefault(branch, Map.of()).getOrDefault(kind, Map.of()).keySet());
    }

    /** The body the branch got for a notice of {@code kind}, or null. */
    public byte[] notice(String branch, String kind, String noticeId) {
        return notices.getOrDefault(branch, Map.of()).getOrDefault(kind, Map.of()).get(noticeId);
    }

    /** Correctly signed calls that carried this notice (or reply) id: more than 1 means it came again. */
    public long calls(String branch, String noticeId) {
        return callsPerNotice.getOrDefault(branch + "/" + noticeId, new AtomicLong()).get();
    }

    /** Every accepted or refused call that reached the branch (not those refused while down). */
    public long rawCalls(String branch) {
        return raw.getOrDefault(branch, new AtomicLong()).get();
    }

    /** Calls refused for a bad or missing signature. */
    public long refusedCalls(String branch) {
        return refused.getOrDefault(branch, new AtomicLong()).get();
    }

    /** Makes the branch's receiver answer 503 ({@code true}) or take calls again. */
    public void down(String branch, boolean isDown) {
        if (isDown) {
            down.add(branch);
        } else {
            down.remove(branch);
        }
    }
}
