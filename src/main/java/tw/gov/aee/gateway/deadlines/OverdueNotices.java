package tw.gov.aee.gateway.deadlines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import tw.gov.aee.gateway.replies.BranchFeed;
import tw.gov.aee.gateway.replies.ReplyNotices.Links;

/**
 * What a branch is told when a bank has not answered its order by the reply deadline (issue #6
 * item 9): one notice per (order, bank) delivery that turned OVERDUE, in table
 * {@code overdue_notice} (V11). {@link #record} is called by {@link OverdueSweep} inside the
 * transaction that marks the delivery, so the notice and its outbox message ({@value #ROUTE})
 * commit with the mark or not at all: made once, never again on a later sweep or another node,
 * and kept across restarts. The same JSON reaches the branch on every way
 * ({@link OverdueNoticeRouter}: webhook body, {@code branch.<code>.replies} message, items of
 * {@code GET /api/v1/overdue}); like a reply notice it never names the obligor.
 */
@Component
public class OverdueNotices {

    /** The outbox destination (and {@code gateway.dispatch.queues} key) of overdue notices on their way. */
    public static final String ROUTE = "overdue";
    /** The {@code kind} of an overdue notice. */
    public static final String KIND = "OVERDUE";

    private static final String SELECT = "SELECT n.notice_id, n.branch, n.bank, n.order_id, d.document_number, d.case_number,"
            + " n.due, n.marked_at, dl.received_at, n.delivery_id, n.feed_position FROM overdue_notice n JOIN document d ON d.id = n.order_id"
            + " JOIN delivery dl ON dl.id = n.delivery_id";

    private final JdbcTemplate jdbc;
    private final BranchFeed feed;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Clock clock = Clock.systemUTC();

    public OverdueNotices(JdbcTemplate jdbc, BranchFeed feed) {
        this.jdbc = jdbc;
        this.feed = feed;
    }

    /**
     * The notice of a delivery just marked OVERDUE, PENDING, and its outbox message; in the
     * caller's (the mark's) transaction.
     *
     * @param due      the reply deadline that passed
     * @param markedAt when the delivery was marked
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long deliveryId, UUID orderId, Instant due, Instant markedAt) {
        Timestamp now = Timestamp.from(clock.instant());
        String branch = jdbc.queryForObject("SELECT branch FROM document WHERE id = ?", String.class, orderId);
        jdbc.update("INSERT INTO outbox (destination, delivery_id, created_at) VALUES (?, ?, ?)", ROUTE, deliveryId, now);
        // Last: the branch feed's counter stays locked until commit, so positions commit in order and a
        // polling branch that continues from a position never skips this notice.
        long position = feed.take(branch, BranchFeed.Feed.OVERDUE);
        jdbc.update("INSERT INTO overdue_notice (notice_id, delivery_id, order_id, bank, branch, due, marked_at, state,"
                        + " updated_at, feed_position) SELECT ?, dl.id, dl.document_id, dl.recipient, d.branch, ?, ?,"
                        + " 'PENDING', ?, ? FROM delivery dl JOIN document d ON d.id = dl.document_id"
                        + " WHERE dl.id = ? AND d.id = ?",
                UUID.randomUUID(), Timestamp.from(due), Timestamp.from(markedAt), now, position, deliveryId, orderId);
    }

    /** The notice of an overdue delivery, if there is one. */
    public Optional<OverdueNotice> forDelivery(long deliveryId) {
        return jdbc.query(SELECT + " WHERE n.delivery_id = ?", this::notice, deliveryId).stream().findFirst();
    }

    /**
     * The branch's overdue notices above {@code position} in its feed ({@link BranchFeed}), in feed
     * order, at most {@code limit}; {@code next} is the last one's position (or {@code position}
     * again). A notice committed after this call lies above every position it returns.
     */
    public BranchFeed.Page<OverdueNotice> after(String branch, long position, int limit) {
        List<OverdueNotice> page = jdbc.query(SELECT + " WHERE n.branch = ? AND n.feed_position > ?"
                + " ORDER BY n.feed_position FETCH FIRST " + limit + " ROWS ONLY", this::notice, branch, position);
        return new BranchFeed.Page<>(page, page.isEmpty() ? position : page.get(page.size() - 1).feedPosition());
    }

    /**
     * Where a branch starts from a time (its first call): the notices marked after {@code since},
     * in feed order, at most {@code limit}. {@code next} is the last one's position — or, for an
     * empty page, the feed's last position read before the page.
     */
    public BranchFeed.Page<OverdueNotice> since(String branch, Instant since, int limit) {
        long last = feed.last(branch, BranchFeed.Feed.OVERDUE);
        List<OverdueNotice> page = jdbc.query(SELECT + " WHERE n.branch = ? AND n.marked_at > ?"
                + " ORDER BY n.feed_position FETCH FIRST " + limit + " ROWS ONLY", this::notice, branch,
                Timestamp.from(since));
        return new BranchFeed.Page<>(page, page.isEmpty() ? last : page.get(page.size() - 1).feedPosition());
    }

    /** The exact bytes that are signed and sent. */
    public byte[] toJson(OverdueNotice notice) {
        try {
            return json.writeValueAsBytes(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("overdue notice " + notice.noticeId() + " cannot be written as JSON", e);
        }
    }

    private OverdueNotice notice(ResultSet rs, int row) throws SQLException {
        UUID orderId = rs.getObject(4, UUID.class);
        String caseNumber = rs.getString(6);
        Timestamp receipted = rs.getTimestamp(9);
        return new OverdueNotice(rs.getObject(1, UUID.class).toString(), rs.getString(2), rs.getString(3), orderId,
                rs.getString(5), caseNumber, rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                receipted == null ? null : receipted.toInstant(), Links.of(orderId, caseNumber), rs.getLong(10),
                rs.getLong(11));
    }

    /**
     * A bank that has not answered the branch's order by its deadline, as the branch sees it.
     *
     * @param noticeId            the notice's id: what the branch deduplicates by (delivery is at-least-once)
     * @param bank                the bank that owes the answer
     * @param orderDocumentNumber the order's 文號
     * @param due                 the reply deadline that passed
     * @param markedAt            when the gateway marked the (order, bank) delivery OVERDUE
     * @param bankReceivedAt      when the bank received the order (its receipt), if known
     * @param feedPosition        its position in the branch's feed ({@link BranchFeed}): the polling cursor, not in the JSON
     */
    @JsonPropertyOrder({"kind", "noticeId"})
    public record OverdueNotice(String noticeId, String branch, String bank, UUID orderId, String orderDocumentNumber,
                                String caseNumber, Instant due, Instant markedAt, Instant bankReceivedAt, Links links,
                                @com.fasterxml.jackson.annotation.JsonIgnore long deliveryId,
                                @com.fasterxml.jackson.annotation.JsonIgnore long feedPosition) {

        /** Always {@value OverdueNotices#KIND}. */
        @JsonProperty("kind")
        public String kind() {
            return KIND;
        }
    }
}
