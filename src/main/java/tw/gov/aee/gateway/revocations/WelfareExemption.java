package tw.gov.aee.gateway.revocations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.replies.ReplyPolicy;

/**
 * Social-welfare benefits are exempt from seizure by law (DESIGN §1): when a reply shows money
 * frozen in an account the bank flags as a welfare benefit, the gateway at once drafts a PARTIAL
 * revocation (reason WELFARE_EXEMPT) releasing exactly that money at that bank. Runs before
 * {@link SharedCeiling}, which counts what this releases.
 */
@Component
@Order(1)
class WelfareExemption implements ReplyPolicy {

    static final String REASON_DETAIL = "扣押款項為社會福利給付，依法不得扣押，撤銷該帳戶之扣押";

    private final RevocationDrafts drafts;

    WelfareExemption(RevocationDrafts drafts) {
        this.drafts = drafts;
    }

    @Override
    public void apply(StoredReply r) {
        Map<String, Long> released = new LinkedHashMap<>();
        for (SeizedAccount a : r.reply().getAccount()) {
            if (a.isWelfareBenefit() && a.getAmountSeized() > 0) {
                released.merge(a.getMaskedAccountNumber(), a.getAmountSeized(), Long::sum);
            }
        }
        if (released.isEmpty()) {
            return;
        }
        List<RevocationDrafts.Line> lines = released.entrySet().stream()
                .map(e -> new RevocationDrafts.Line(e.getKey(), e.getValue())).toList();
        drafts.draft(r.orderId(), r.bank(), r.replyId(), r.replyId(), RevocationDrafts.Cause.WELFARE_EXEMPT, REASON_DETAIL,
                lines);
    }
}
