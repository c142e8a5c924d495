package tw.gov.aee.gateway.revocations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.OrderKind;
import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.replies.ReplyPolicy;

/**
 * One order to many banks has one amount ceiling (DESIGN §5 "Shared ceiling"). As each reply
 * arrives — the order row locked, so concurrent replies are summed one after the other — the
 * gateway adds up what the banks froze, less what drafted revocations (welfare, earlier excess)
 * already release; whatever exceeds the ceiling becomes a PARTIAL revocation of exactly the
 * excess to the bank that pushed the total over, continuing backwards through earlier replies
 * when that bank froze less than the excess. Accounts are released largest first.
 */
@Component
@Order(2)
class SharedCeiling implements ReplyPolicy {

    private static final Logger log = LoggerFactory.getLogger(SharedCeiling.class);

    private final JdbcTemplate jdbc;
    private final DocumentReader reader;
    private final RevocationDrafts drafts;

    SharedCeiling(JdbcTemplate jdbc, DocumentReader reader, RevocationDrafts drafts) {
        this.jdbc = jdbc;
        this.reader = reader;
        this.drafts = drafts;
    }

    /**
     * A reply of the order as stored: its total from its column, the document itself read only
     * when its accounts are needed (an excess to release, rare).
     */
    private record Seized(String id, String bank, long totalSeized, byte[] xml, DocumentReader reader) {
        SeizureReply reply() {
            return reader.readStored(xml, SeizureReply.class);
        }
    }

    @Override
    public void apply(StoredReply current) {
        // Serialises every reply to this order: the sum below sees every reply committed before.
        byte[] xml = jdbc.queryForObject("SELECT xml FROM document WHERE id = ? FOR UPDATE", byte[].class,
                current.orderId());
        EnforcementOrder order = reader.readStored(xml, EnforcementOrder.class);
        if (order.getKind() != OrderKind.SEIZURE) {
            return;
        }
        long ceiling = order.getAmountCeiling();
        List<Seized> replies = new ArrayList<>(jdbc.query("SELECT id, bank, total_seized, xml FROM reply WHERE order_id = ?"
                        + " ORDER BY received_at DESC, id DESC",
                (rs, i) -> new Seized(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), reader),
                current.orderId()));
        // The reply that pushed the total over goes first, then the earlier ones, newest first.
        replies.sort(Comparator.comparing((Seized s) -> !(s.id().equals(current.replyId()) && s.bank().equals(current.bank()))));
        Map<String, Long> released = released(current.orderId());
        long total = 0;
        for (Seized s : replies) {
            total += s.totalSeized();
        }
        long alreadyReleased = released.values().stream().mapToLong(Long::longValue).sum();
        long excess = total - alreadyReleased - ceiling;
        if (excess <= 0) {
            return;
        }
        log.info("order {}: NT${} seized (NT${} released) over the ceiling NT${}: revoking NT${}", current.orderId(), total,
                alreadyReleased, ceiling, excess);
        long remaining = excess;
        for (Seized s : replies) {
            if (remaining == 0) {
                break;
            }
            Map<String, Long> lines = new LinkedHashMap<>();
            List<SeizedAccount> accounts = new ArrayList<>(s.reply().getAccount());
            Map<String, Long> available = new HashMap<>();
            for (SeizedAccount a : accounts) {
                available.merge(a.getMaskedAccountNumber(), a.getAmountSeized(), Long::sum);
            }
            available.replaceAll((account, seized) -> seized - released.getOrDefault(key(s.bank(), s.id(), account), 0L));
            List<Map.Entry<String, Long>> largestFirst = available.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .toList();
            for (Map.Entry<String, Long> e : largestFirst) {
                if (remaining == 0) {
                    break;
                }
                long take = Math.min(e.getValue(), remaining);
                lines.put(e.getKey(), take);
                remaining -= take;
            }
            if (!lines.isEmpty()) {
                long amount = lines.values().stream().mapToLong(Long::longValue).sum();
                drafts.draft(current.orderId(), s.bank(), s.id(), current.replyId(), RevocationDrafts.Cause.CEILING,
                        reasonDetail(ceiling, total - alreadyReleased, amount),
                        lines.entrySet().stream().map(e -> new RevocationDrafts.Line(e.getKey(), e.getValue())).toList());
            }
        }
        if (remaining > 0) {
            // Cannot happen while every reply's total matches its accounts (a domain rule); say so if it does.
            log.error("order {}: NT${} of the excess could not be matched to seized accounts", current.orderId(), remaining);
        }
    }

    static String reasonDetail(long ceiling, long seized, long revoked) {
        return String.format("超過執行金額上限，撤銷超額扣押：執行金額上限新臺幣%,d元，各金融機構合計扣押新臺幣%,d元，本件撤銷新臺幣%,d元",
                ceiling, seized, revoked);
    }

    /** What drafted revocations (not discarded) already release, per (bank, reply, account). */
    private Map<String, Long> released(UUID orderId) {
        Map<String, Long> out = new HashMap<>();
        jdbc.query("SELECT r.bank, r.source_reply_id, l.account_number, l.amount FROM drafted_revocation r"
                + " JOIN drafted_revocation_line l ON l.revocation_id = r.id WHERE r.order_id = ? AND r.state <> ?",
                rs -> {
                    out.merge(key(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getLong(4), Long::sum);
                }, orderId, RevocationDrafts.State.DISCARDED.name());
        return out;
    }

    private static String key(String bank, String replyId, String account) {
        return bank + "\u0000" + replyId + "\u0000" + account;
    }
}
