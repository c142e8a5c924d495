package tw.gov.aee.gateway.replies;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.documents.DocumentReader;

/**
 * The replies of a branch's case, for {@code GET /api/v1/cases/{caseNumber}}: per bank the result,
 * the amount seized and when it came, and per order the running total seized against the order's
 * shared ceiling (DESIGN §5 "Shared ceiling").
 */
@Service
public class CaseReplies {

    private final JdbcTemplate jdbc;
    private final DocumentReader reader = new DocumentReader();

    public CaseReplies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The case's replies, oldest first. */
    public List<CaseReply> replies(String branch, String caseNumber) {
        return jdbc.query("SELECT r.id, r.bank, r.order_id, d.document_number, r.result, r.total_seized, r.received_at"
                        + " FROM reply r JOIN document d ON d.id = r.order_id WHERE r.branch = ? AND r.order_id IN"
                        + " (SELECT document_id FROM document_case WHERE case_number = ?) ORDER BY r.received_at, r.bank",
                (rs, i) -> new CaseReply(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant()), branch, caseNumber);
    }

    /** For every order of the case: the sum the banks report seized so far against its ceiling. */
    public List<SeizureTotal> totals(String branch, String caseNumber) {
        List<SeizureTotal> totals = new ArrayList<>();
        jdbc.query("SELECT d.id, d.document_number, d.xml,"
                + " (SELECT COALESCE(SUM(r.total_seized), 0) FROM reply r WHERE r.order_id = d.id),"
                + " (SELECT COUNT(*) FROM reply r WHERE r.order_id = d.id) FROM document d"
                + " WHERE d.branch = ? AND d.document_type = 'EnforcementOrder'"
                + " AND d.id IN (SELECT document_id FROM document_case WHERE case_number = ?) ORDER BY d.accepted_at", rs -> {
                    long ceiling = reader.readStored(rs.getBytes(3), EnforcementOrder.class).getAmountCeiling();
                    long seized = rs.getLong(4);
                    totals.add(new SeizureTotal(rs.getObject(1, UUID.class), rs.getString(2), ceiling, seized,
                            Math.max(0, seized - ceiling), rs.getInt(5)));
                }, branch, caseNumber);
        return totals;
    }

    /** One bank's reply in the case. */
    public record CaseReply(String replyId, String bank, UUID orderId, String orderDocumentNumber, String result,
                            long amountSeized, Instant receivedAt) { }

    /**
     * @param ceiling     the order's shared amount ceiling (NT$)
     * @param totalSeized what the banks that replied so far report seized together
     * @param excess      how much the total exceeds the ceiling (0 if it does not)
     */
    public record SeizureTotal(UUID orderId, String documentNumber, long ceiling, long totalSeized, long excess,
                               int replies) { }
}
