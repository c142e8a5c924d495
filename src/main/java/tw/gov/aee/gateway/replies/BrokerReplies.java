package tw.gov.aee.gateway.replies;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.dispatch.BrokerAddresses;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.replies.ReplyIntake.ReplyOutcome;

/**
 * A bank's seizure reply from its own {@code bank.<code>.out} address (the same address as its
 * receipts for our documents; a message with the JMS string property {@code kind=REPLY} is a reply,
 * anything else a receipt). The reply goes through {@link ReplyIntake} (channel {@code BROKER}) and
 * the gateway's signed receipt — accepting or rejecting — is left as the message for the bank's
 * {@code .in} address, with {@code kind=RECEIPT} and {@code documentId=<replyId>}; the route sends
 * it in the consumer's JMS transaction. The reply is stored (or quarantined) before the JMS commit:
 * if that commit fails, the broker redelivers the reply, which is then an identical resend and
 * gets the very same receipt. Headers matter here, hence the {@link Exchange}.
 */
@Component
public class BrokerReplies {

    /** JMS string property telling replies from receipts on a party's {@code .out} address. */
    public static final String KIND = "kind";
    public static final String KIND_REPLY = "REPLY";
    public static final String KIND_RECEIPT = "RECEIPT";
    /** JMS string property with the reply's own id. */
    public static final String REPLY_ID = "replyId";

    private final ReplyIntake replies;
    private final ParticipantsDirectory directory;

    public BrokerReplies(ReplyIntake replies, ParticipantsDirectory directory) {
        this.replies = replies;
        this.directory = directory;
    }

    /** The party is the route's (the address the message came from), never the message's. */
    public void accept(Exchange exchange) {
        Message in = exchange.getIn();
        String party = in.getHeader("brokerParty", String.class);
        String replyId = in.getHeader(REPLY_ID, String.class);
        byte[] envelope = in.getBody(byte[].class);
        Participant sender = directory.find(party).orElseThrow(() ->
                new IllegalStateException(party + " is no longer in the directory"));
        ReplyOutcome outcome = replies.accept("BROKER", party, replyId, envelope == null ? new byte[0] : envelope);
        in.removeHeaders("*");
        in.setBody(outcome.receipt());
        in.setHeader(KIND, KIND_RECEIPT);
        in.setHeader("documentId", outcome.replyId() == null ? "" : outcome.replyId());
        in.setHeader(JmsConstants.JMS_DESTINATION_NAME, BrokerAddresses.in(sender));
    }
}
