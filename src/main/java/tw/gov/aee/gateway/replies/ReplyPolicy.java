package tw.gov.aee.gateway.replies;

import java.time.Instant;
import java.util.UUID;

import tw.gov.aee.gateway.contract.v1.SeizureReply;

/**
 * What the gateway does on the branch's behalf when a reply is accepted (welfare exemption, the
 * shared ceiling, …). {@link ReplyIntake} calls every policy bean, in {@code @Order}, inside the
 * transaction that stores the reply: what a policy writes commits with the reply or not at all,
 * so a redelivered reply (rolled back as a duplicate) never acts twice.
 */
public interface ReplyPolicy {

    void apply(StoredReply reply);

    /**
     * An accepted reply, as stored.
     *
     * @param replyId    the bank's id of its reply
     * @param bank       the replying bank
     * @param orderId    the order it answers
     * @param deliveryId the (order, bank) delivery, now ANSWERED
     * @param branch     the order's branch
     */
    record StoredReply(String replyId, String bank, UUID orderId, long deliveryId, String branch, String caseNumber,
                       SeizureReply reply, Instant receivedAt) { }
}
