package tw.gov.aee.gateway.replies;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import tw.gov.aee.gateway.contract.v1.SeizedAccount;
import tw.gov.aee.gateway.contract.v1.SeizureReply;
import tw.gov.aee.gateway.documents.DocumentReader;

/**
 * What a branch is told about an accepted reply, the same JSON on every way it reaches the branch
 * (webhook body, {@code branch.<code>.replies} message, {@code GET /api/v1/replies} items). Built
 * from the stored reply: account numbers are the bank's masked ones, the obligor's ID is left out.
 * Its {@code kind} is {@value #KIND}: the branch's webhook and broker address also carry other
 * notices (an overdue order: {@code deadlines.OverdueNotices}).
 */
@Component
public class ReplyNotices {

    /** The {@code kind} of a reply notice. */
    public static final String KIND = "REPLY";

    private static final String SELECT = "SELECT r.id, r.bank, r.branch, r.order_id, d.document_number, r.case_number,"
            + " r.result, r.total_seized, r.xml, r.received_at, r.delivery_id, r.feed_position FROM reply r JOIN document d ON d.id = r.order_id";

    private final JdbcTemplate jdbc;
    private final BranchFeed feed;
    private final DocumentReader reader = new DocumentReader();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ReplyNotices(JdbcTemplate jdbc, BranchFeed feed) {
        this.jdbc = jdbc;
        this.feed = feed;
    }

    /** The notice of one reply, or empty if there is no such reply. */
    public Optional<ReplyNotice> find(String bank, String replyId) {
        return jdbc.query(SELECT + " WHERE r.bank = ? AND r.id = ?", this::notice, bank, replyId).stream().findFirst();
    }

    /** Replies the delivery of an order to a bank got (usually one). */
    public List<ReplyNotice> forDelivery(long deliveryId) {
        return jdbc.query(SELECT + " WHERE r.delivery_id = ? ORDER BY r.received_at, r.id", this::notice, deliveryId);
    }

    /**
     * The branch's replies above {@code position} in its feed ({@link BranchFeed}), in feed order,
     * at most {@code limit}; {@code next} is the last one's position (or {@code position} again).
     * A reply committed after this call lies above every position it returns, so continuing from
     * {@code next} never skips one.
     */
    public BranchFeed.Page<ReplyNotice> after(String branch, long position, int limit) {
        List<ReplyNotice> page = jdbc.query(SELECT + " WHERE r.branch = ? AND r.feed_position > ?"
                + " ORDER BY r.feed_position FETCH FIRST " + limit + " ROWS ONLY", this::notice, branch, position);
        return new BranchFeed.Page<>(page, page.isEmpty() ? position : page.get(page.size() - 1).feedPosition());
    }

    /**
     * Where a branch starts from a time (its first call): the replies received after
     * {@code since}, in feed order, at most {@code limit}. {@code next} is the last one's position
     * — or, for an empty page, the feed's last position read before the page, above which lies
     * every reply committed afterwards.
     */
    public BranchFeed.Page<ReplyNotice> since(String branch, Instant since, int limit) {
        long last = feed.last(branch, BranchFeed.Feed.REPLY);
        List<ReplyNotice> page = jdbc.query(SELECT + " WHERE r.branch = ? AND r.received_at > ? AND r.feed_position IS NOT NULL"
                + " ORDER BY r.feed_position FETCH FIRST " + limit + " ROWS ONLY", this::notice, branch,
                java.sql.Timestamp.from(since));
        return new BranchFeed.Page<>(page, page.isEmpty() ? last : page.get(page.size() - 1).feedPosition());
    }

    /** The exact bytes that are signed and sent. */
    public byte[] toJson(ReplyNotice notice) {
        try {
            return json.writeValueAsBytes(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reply " + notice.replyId() + " cannot be written as JSON", e);
        }
    }

    private ReplyNotice notice(ResultSet rs, int row) throws SQLException {
        SeizureReply reply = reader.readStored(rs.getBytes(9), SeizureReply.class);
        List<AccountLine> accounts = new ArrayList<>();
        boolean welfare = false;
        for (SeizedAccount a : reply.getAccount()) {
            accounts.add(new AccountLine(a.getMaskedAccountNumber(), a.getAccountType().name(), a.getBalance(),
                    a.getAmountSeized(), a.getFee(), a.isWelfareBenefit()));
            welfare |= a.isWelfareBenefit();
        }
        UUID orderId = rs.getObject(4, UUID.class);
        String caseNumber = rs.getString(6);
        return new ReplyNotice(rs.getString(1), rs.getString(2), rs.getString(3), orderId, rs.getString(5), caseNumber,
                rs.getString(7), rs.getLong(8), accounts, welfare, rs.getTimestamp(10).toInstant(),
                Links.of(orderId, caseNumber), rs.getLong(11), rs.getLong(12));
    }

    /**
     * One reply as the branch sees it.
     *
     * @param orderDocumentNumber the order's 文號
     * @param welfareFlagged      whether any account line is a social-welfare benefit (exempt)
     * @param receivedAt          when the reply entered the gateway
     * @param feedPosition        its position in the branch's feed ({@link BranchFeed}): the polling cursor, not in the JSON
     */
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"kind", "replyId"})
    public record ReplyNotice(String replyId, String bank, String branch, UUID orderId, String orderDocumentNumber,
                              String caseNumber, String result, long totalSeized, List<AccountLine> accounts,
                              boolean welfareFlagged, Instant receivedAt, Links links,
                              @com.fasterxml.jackson.annotation.JsonIgnore long deliveryId,
                              @com.fasterxml.jackson.annotation.JsonIgnore long feedPosition) {

        /** Always {@value ReplyNotices#KIND}: tells a reply from the other notices on the same webhook or address. */
        @com.fasterxml.jackson.annotation.JsonProperty("kind")
        public String kind() {
            return KIND;
        }
    }

    /** One account of the reply, its number masked by the bank. */
    public record AccountLine(String maskedAccountNumber, String accountType, long balance, long amountSeized, long fee,
                              boolean welfareBenefit) { }

    /** Where the branch reads more: the order (with its deliveries) and the case. */
    public record Links(String order, String caseView) {

        /** The order's and its case's API paths. */
        public static Links of(UUID orderId, String caseNumber) {
            return new Links("/api/v1/documents/" + orderId,
                    "/api/v1/cases/" + URLEncoder.encode(caseNumber, StandardCharsets.UTF_8).replace("+", "%20"));
        }
    }
}
