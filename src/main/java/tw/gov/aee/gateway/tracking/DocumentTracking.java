package tw.gov.aee.gateway.tracking;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import tw.gov.aee.gateway.tracking.DocumentView.DeliveryView;
import tw.gov.aee.gateway.tracking.DocumentView.ReceiptView;
import tw.gov.aee.gateway.tracking.DocumentView.StateChange;

/** Read side of the lifecycle: documents with their deliveries and histories. */
@Service
public class DocumentTracking {

    private final JdbcTemplate jdbc;

    public DocumentTracking(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<DocumentView> find(UUID id) {
        return load("d.id = ?", id).stream().findFirst();
    }

    public Optional<DocumentView> findByNumber(String branch, String documentNumber) {
        return load("d.branch = ? AND d.document_number = ?", branch, documentNumber).stream().findFirst();
    }

    /** Every document of the branch that covers the case, oldest first. */
    public List<DocumentView> findByCase(String branch, String caseNumber) {
        return load("d.branch = ? AND d.id IN (SELECT document_id FROM document_case WHERE case_number = ?)", branch,
                caseNumber);
    }

    public Map<DeliveryState, Long> countDeliveriesByState() {
        Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
        for (DeliveryState s : DeliveryState.values()) {
            counts.put(s, 0L);
        }
        jdbc.query("SELECT state, COUNT(*) FROM delivery GROUP BY state",
                rs -> { counts.put(DeliveryState.valueOf(rs.getString(1)), rs.getLong(2)); });
        return counts;
    }

    private List<DocumentView> load(String where, Object... args) {
        List<DocumentView> docs = new ArrayList<>();
        jdbc.query("SELECT d.id, d.branch, d.document_number, d.document_type, d.kind, d.case_number, d.accepted_at"
                + " FROM document d WHERE " + where + " ORDER BY d.accepted_at, d.id", rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    List<DeliveryView> deliveries = deliveries(id);
                    docs.add(new DocumentView(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), caseNumbers(id), derive(deliveries), rs.getTimestamp(7).toInstant(),
                            deliveries));
                }, args);
        return docs;
    }

    private List<String> caseNumbers(UUID id) {
        return jdbc.queryForList("SELECT case_number FROM document_case WHERE document_id = ? ORDER BY case_number",
                String.class, id);
    }

    private List<DeliveryView> deliveries(UUID documentId) {
        return jdbc.query("SELECT id, recipient, recipient_kind, role, transport, state, attempts, last_error,"
                        + " envelope_sha256, receipt_id, receipt_status, received_at FROM delivery WHERE document_id = ?"
                        + " ORDER BY id",
                (rs, i) -> {
                    Timestamp receivedAt = rs.getTimestamp(12);
                    ReceiptView receipt = rs.getString(10) == null ? null : new ReceiptView(rs.getString(10),
                            rs.getString(11), "REJECTED".equals(rs.getString(11)) ? rs.getString(8) : null,
                            receivedAt == null ? null : receivedAt.toInstant());
                    return new DeliveryView(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            DeliveryState.valueOf(rs.getString(6)), rs.getInt(7), rs.getString(8), rs.getString(9),
                            receipt, history(rs.getLong(1)));
                }, documentId);
    }

    private List<StateChange> history(long deliveryId) {
        return jdbc.query("SELECT state, occurred_at, detail FROM delivery_event WHERE delivery_id = ? ORDER BY id",
                (rs, i) -> new StateChange(DeliveryState.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getString(3)), deliveryId);
    }

    /**
     * A document is as far along as its least advanced delivery; a rejected or failed delivery
     * makes the document REJECTED or FAILED (an operator must look).
     */
    static DeliveryState derive(List<DeliveryView> deliveries) {
        return deliveries.stream().map(DeliveryView::state).filter(DeliveryState::isProblem).findFirst()
                .orElseGet(() -> deliveries.stream().map(DeliveryView::state)
                        .min(Comparator.comparingInt(DeliveryState::progress)).orElse(DeliveryState.ACCEPTED));
    }
}
