package tw.gov.aee.gateway.replies;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.documents.DocumentReader;

/**
 * The shared context's receipt writer, which signs as usual unless a test holds a reply: then that
 * reply's intake stops as its receipt is about to be signed — received (its time stamped),
 * opened and verified, nothing written yet — until the test releases it. Lets a test commit one
 * reply after another one, received later, was already polled: the race that a time cursor lost.
 * (It stops before the intake's transaction, not inside it: the embedded database writes one
 * transaction at a time, so a reply held mid-transaction would hold every other writer too.)
 */
@TestConfiguration(proxyBeanMethods = false)
public class HeldReplies {

    private final Map<String, Hold> held = new ConcurrentHashMap<>();

    /** Holds the intake of reply {@code replyId} (the bank's id), once, when it gets here. */
    public Hold hold(String replyId) {
        Hold h = new Hold();
        held.put(replyId, h);
        return h;
    }

    @Bean
    @Primary
    ReceiptWriter receiptWriterWithHeldReplies(KeyRing keys, DocumentReader reader) {
        return new ReceiptWriter(keys, reader) {
            @Override
            public byte[] sign(String documentId, String envelopeSha256, Instant receivedAt, GatewayError rejection,
                               String reason) {
                Hold h = held.remove(documentId);
                if (h != null) {
                    h.await(documentId);
                }
                return super.sign(documentId, envelopeSha256, receivedAt, rejection, reason);
            }
        };
    }

    /** One held intake. */
    public static final class Hold {

        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        private void await(String replyId) {
            reached.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("reply " + replyId + " was held and never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("reply " + replyId + " interrupted while held", e);
            }
        }

        /** Waits until the intake is held, stamped and verified, before it writes anything. */
        public void awaitHeld() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the held reply's intake never got to its receipt");
            }
        }

        /** Lets the intake go on, store the reply and commit. */
        public void release() {
            release.countDown();
        }
    }
}
