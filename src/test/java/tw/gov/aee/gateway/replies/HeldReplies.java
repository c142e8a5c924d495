package tw.gov.aee.gateway.replies;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A reply policy that does nothing unless a test holds a reply: then that reply's intake stops
 * inside its transaction — stamped, stored, ANSWERED, every other policy applied, not committed —
 * until the test releases it. Lets a test commit one reply after another one, received later, was
 * already polled: the race that a time cursor lost.
 */
@TestComponent
@Order(Ordered.LOWEST_PRECEDENCE)
public class HeldReplies implements ReplyPolicy {

    private final Map<String, Hold> held = new ConcurrentHashMap<>();

    /** Holds the intake of reply {@code replyId} (the bank's id), once, when it gets here. */
    public Hold hold(String replyId) {
        Hold h = new Hold();
        held.put(replyId, h);
        return h;
    }

    @Override
    public void apply(StoredReply reply) {
        Hold h = held.remove(reply.replyId());
        if (h == null) {
            return;
        }
        h.reached.countDown();
        try {
            if (!h.release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("reply " + reply.replyId() + " was held and never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reply " + reply.replyId() + " interrupted while held", e);
        }
    }

    /** One held intake. */
    public static final class Hold {

        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        /** Waits until the intake is held inside its open transaction. */
        public void awaitHeld() throws InterruptedException {
            if (!reached.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the held reply's intake never got to the policies");
            }
        }

        /** Lets the intake go on and commit. */
        public void release() {
            release.countDown();
        }
    }
}
