package tw.gov.aee.gateway.benchmark;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What the recipients and the branches saw, kept by the benchmark from their side (DESIGN §9
 * "Counting deliveries"), never from the gateway's records: a document is <em>delivered</em> when
 * every recipient's system processed it, and <em>completed</em> when, in addition, every bank's
 * reply to it reached its branch's system (an order) — for a revocation or a certificate,
 * delivered is completed. Lost = accepted but not completed; duplicate = an effect twice (a second
 * reply id for the same order and bank, a recipient processing a document it already had or was
 * not sent); raw redeliveries (the same reply id again at a branch) are counted apart.
 */
final class Ledger {

    enum Type { SEIZURE, REVOCATION, CERTIFICATE }

    /** A seizure order a bank answered: what a branch can later revoke. */
    record Revocable(String bank, String caseNumber, String orderNumber, String orderId, LocalDate issuedOn) { }

    /** One document submitted. Guarded by the ledger. */
    static final class Doc {
        final int index;
        final String branch;
        final Type type;
        final String documentNumber;
        final String caseNumber;
        final long submittedAt;
        final Set<String> awaitingDelivery;
        final Map<String, String> replies = new HashMap<>(4);
        final Set<String> awaitingReply;
        Set<String> copies = Set.of();
        long deliveredAt;
        long completedAt;

        Doc(int index, String branch, Type type, String documentNumber, String caseNumber, long submittedAt,
            Set<String> recipients, Set<String> repliers) {
            this.index = index;
            this.branch = branch;
            this.type = type;
            this.documentNumber = documentNumber;
            this.caseNumber = caseNumber;
            this.submittedAt = submittedAt;
            this.awaitingDelivery = new HashSet<>(recipients);
            this.awaitingReply = new HashSet<>(repliers);
        }
    }

    private final int orders;
    private final Semaphore window;
    private final long[] acceptLatency;
    private final long[] endToEnd;
    private final Map<String, Doc> byId = new HashMap<>();
    /** Events for ids not (yet) registered: a fast recipient, or a document the gateway drafted itself. */
    private final Map<String, List<Runnable>> early = new HashMap<>();
    private final Map<String, ArrayDeque<Revocable>> revocable = new HashMap<>();
    private int accepted;
    private int delivered;
    private int completed;
    private long legs;
    private long duplicates;
    private long rawRedeliveries;
    private long lastAccepted;
    private long lastDelivered;
    private long lastCompleted;

    Ledger(int orders, Semaphore window) {
        this.orders = orders;
        this.window = window;
        this.acceptLatency = new long[orders];
        this.endToEnd = new long[orders];
    }

    /** The gateway answered 202 for {@code doc} under {@code id}. */
    synchronized void accepted(String id, Doc doc, long now) {
        acceptLatency[doc.index] = now - doc.submittedAt;
        accepted++;
        lastAccepted = Math.max(lastAccepted, now);
        byId.put(id, doc);
        List<Runnable> pending = early.remove(id);
        if (pending != null) {
            pending.forEach(Runnable::run);
        }
    }

    /** The submission failed: the document will never complete (it counts as lost). */
    synchronized void refused(Doc doc) {
        window.release();
    }

    /** {@code party}'s system processed document {@code id} (accepted it and sent its signed receipt). */
    synchronized void processed(String party, String id, long now) {
        legs++;
        Doc doc = byId.get(id);
        if (doc == null) {
            early.computeIfAbsent(id, k -> new ArrayList<>(2)).add(() -> processed(party, id, now, byId.get(id)));
            return;
        }
        processed(party, id, now, doc);
    }

    private void processed(String party, String id, long now, Doc doc) {
        if (!doc.awaitingDelivery.remove(party)) {
            duplicates++;
            return;
        }
        progress(id, doc, now);
    }

    /** A branch's system took reply {@code replyId} of {@code bank} to order {@code orderId}. */
    synchronized void replied(String branch, String orderId, String bank, String replyId, long now) {
        Doc doc = byId.get(orderId);
        if (doc == null) {
            early.computeIfAbsent(orderId, k -> new ArrayList<>(2)).add(() -> replied(branch, orderId, bank, replyId, now, byId.get(orderId)));
            return;
        }
        replied(branch, orderId, bank, replyId, now, doc);
    }

    private void replied(String branch, String orderId, String bank, String replyId, long now, Doc doc) {
        String earlier = doc.replies.putIfAbsent(bank, replyId);
        if (earlier != null) {
            if (earlier.equals(replyId)) {
                rawRedeliveries++;
            } else {
                duplicates++;
            }
            return;
        }
        legs++;
        if (!branch.equals(doc.branch) || !doc.awaitingReply.remove(bank)) {
            duplicates++;
            return;
        }
        progress(orderId, doc, now);
    }

    private void progress(String id, Doc doc, long now) {
        if (doc.awaitingDelivery.isEmpty() && doc.deliveredAt == 0) {
            doc.deliveredAt = now;
            delivered++;
            lastDelivered = Math.max(lastDelivered, now);
        }
        if (doc.awaitingDelivery.isEmpty() && doc.awaitingReply.isEmpty() && doc.completedAt == 0) {
            doc.completedAt = now;
            completed++;
            lastCompleted = Math.max(lastCompleted, now);
            endToEnd[doc.index] = now - doc.submittedAt;
            window.release();
            notifyAll();
            if (doc.type == Type.SEIZURE) {
                ArrayDeque<Revocable> q = revocable.computeIfAbsent(doc.branch, b -> new ArrayDeque<>());
                for (String bank : doc.replies.keySet()) {
                    if (q.size() < 200) {
                        q.add(new Revocable(bank, doc.caseNumber, doc.documentNumber, id, LocalDate.now()));
                    }
                }
            }
        }
    }

    /** An answered seizure order of {@code branch} to revoke (each at most once), or null. */
    synchronized Revocable takeRevocable(String branch) {
        ArrayDeque<Revocable> q = revocable.get(branch);
        return q == null ? null : q.poll();
    }

    /** The agencies copied on an order (they are copied on its revocation too). */
    synchronized Set<String> copiesOf(String orderId) {
        Doc d = byId.get(orderId);
        return d == null ? Set.of() : d.copies;
    }

    /** A recipient seen twice at a branch is a raw redelivery, not a duplicate (the branch deduplicated it). */
    synchronized void rawRedelivery() {
        rawRedeliveries++;
    }

    /** Waits until every document completed or {@code deadline} (System.nanoTime) passed; true if all did. */
    synchronized boolean awaitAll(long deadline) throws InterruptedException {
        return awaitCompleted(orders, deadline);
    }

    /** Waits until {@code count} documents completed or {@code deadline} (System.nanoTime) passed; true if they did. */
    synchronized boolean awaitCompleted(int count, long deadline) throws InterruptedException {
        while (completed < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, Math.min(1_000, left / 1_000_000)));
        }
        return true;
    }

    synchronized Snapshot snapshot() {
        int lost = 0;
        for (Doc d : byId.values()) {
            if (d.completedAt == 0) {
                lost++;
            }
        }
        lost += orders - accepted;
        return new Snapshot(accepted, delivered, completed, legs, lost, duplicates, rawRedeliveries, early.size(),
                lastAccepted, lastDelivered, lastCompleted, acceptLatency.clone(), endToEnd.clone());
    }

    /** Up to {@code max} documents not completed, with what they still wait for (for the report). */
    synchronized List<String> incomplete(int max) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Doc> e : byId.entrySet()) {
            Doc d = e.getValue();
            if (d.completedAt == 0 && out.size() < max) {
                out.add(d.type + " " + e.getKey() + " of " + d.branch + ": not yet processed by " + d.awaitingDelivery
                        + ", no reply yet from " + d.awaitingReply);
            }
        }
        return out;
    }

    synchronized int completed() {
        return completed;
    }

    synchronized int accepted() {
        return accepted;
    }

    synchronized long legs() {
        return legs;
    }

    /**
     * Forgets every document (after {@link #snapshot()}; the counts stay): what is left on the heap
     * afterwards is the gateway's, not the benchmark's record of every document.
     */
    synchronized void forgetDocuments() {
        byId.clear();
        early.clear();
        revocable.clear();
    }

    record Snapshot(int accepted, int delivered, int completed, long legs, int lost, long duplicates, long rawRedeliveries,
                    int unsubmittedDocuments, long lastAccepted, long lastDelivered, long lastCompleted,
                    long[] acceptLatency, long[] endToEnd) { }
}
