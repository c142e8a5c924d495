package tw.gov.aee.gateway.replies;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.jms.core.JmsTemplate;

import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.dispatch.BrokerAddresses;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.replies.WebhookClient.WebhookException;

/**
 * The branch feed's push side: how one notice (a reply, an overdue order) reaches a branch by its
 * directory transport, signed with a detached CMS signature by the gateway's signing key over the
 * exact JSON bytes (DESIGN §9 "Webhook to branches"). Every kind travels the same ways — the
 * branch's one webhook endpoint, its one {@code branch.<code>.replies} address, or polling — and
 * says what it is by {@code kind} in the JSON and by {@value WebhookClient#KIND_HEADER} /
 * {@value #KIND} beside it. Keeping state, retrying and parking are the callers' ({@link ReplyRouter},
 * {@code deadlines.OverdueNoticeRouter}). Thread-safe.
 */
public final class BranchChannels {

    /** JMS property with the notice's kind ({@code REPLY}, {@code OVERDUE}) on {@code branch.<code>.replies}. */
    public static final String KIND = "noticeKind";
    /** JMS property with the notice's id (for a reply: its reply id) on {@code branch.<code>.replies}. */
    public static final String NOTICE_ID = "noticeId";
    /** JMS property with the base64 detached signature over the message text's UTF-8 bytes. */
    public static final String SIGNATURE = "gatewaySignature";

    private final KeyRing keys;
    private final WebhookClient webhooks;
    private final JmsTemplate jms;

    public BranchChannels(KeyRing keys, WebhookClient webhooks, JmsTemplate jms) {
        this.keys = keys;
        this.webhooks = webhooks;
        this.jms = jms;
    }

    /**
     * One notice for a branch.
     *
     * @param kind    {@code REPLY} or {@code OVERDUE}
     * @param id      what the branch deduplicates by (a reply's id, an overdue notice's id)
     * @param replyId the reply's id for a reply (sent as {@code X-Reply-Id} / {@code replyId} as before), else null
     * @param json    the exact bytes that are signed and sent
     */
    public record Notice(String kind, String id, String replyId, byte[] json) { }

    /** Where a notice went: transport, webhook URL or broker address (null for polling), and what happened. */
    public record Pushed(String transport, String target, String detail) { }

    /**
     * Pushes the notice to the branch.
     *
     * @throws NotDelivered when the webhook fails or the branch has a transport no branch may have;
     *                      the caller retries later or parks
     */
    /** What "pushing" to a POLLING branch amounts to: nothing; the notice is there to be polled. */
    static final Pushed POLLED = new Pushed("POLLING", null, "nothing to push: the branch polls");

    public Pushed push(Participant branch, Notice notice) {
        switch (branch.transport()) {
            case POLLING -> {
                return POLLED;
            }
            case BROKER -> {
                String address = BrokerAddresses.replies(branch);
                String signature = Base64.getEncoder().encodeToString(keys.gatewaySigner().signDetached(notice.json()));
                jms.send(address, session -> {
                    var message = session.createTextMessage(new String(notice.json(), StandardCharsets.UTF_8));
                    message.setStringProperty(KIND, notice.kind());
                    message.setStringProperty(NOTICE_ID, notice.id());
                    if (notice.replyId() != null) {
                        message.setStringProperty(ReplyRouter.REPLY_ID, notice.replyId());
                    }
                    message.setStringProperty(SIGNATURE, signature);
                    return message;
                });
                return new Pushed("BROKER", address, "sent to " + address);
            }
            case WEBHOOK -> {
                byte[] signature = keys.gatewaySigner().signDetached(notice.json());
                try {
                    int status = webhooks.post(branch.endpoint(), notice, signature);
                    return new Pushed("WEBHOOK", branch.endpoint().toString(), "webhook answered " + status);
                } catch (WebhookException e) {
                    throw new NotDelivered(e.getMessage());
                }
            }
            default -> throw new NotDelivered("branch " + branch.code() + " has transport " + branch.transport()
                    + ", which no branch may have");
        }
    }

    /** The notice did not reach the branch this time. */
    public static final class NotDelivered extends RuntimeException {
        public NotDelivered(String message) {
            super(message);
        }
    }
}
