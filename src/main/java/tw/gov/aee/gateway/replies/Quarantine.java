package tw.gov.aee.gateway.replies;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.Masking;
import tw.gov.aee.gateway.replies.ReplyIntake.Reconsidered;

/**
 * The operator's side of the quarantine (issue #6 item 5): list, inspect, release (a second run of
 * {@link ReplyIntake} on the stored envelope: RELEASED if now accepted, else still HELD with the
 * new reason) or reject (REJECTED, with a note). Only a HELD item can be decided; every action is
 * an audit entry with the operator as actor.
 */
@Service
public class Quarantine {

    private static final Pattern OBLIGOR_ID = Pattern.compile(
            "(<(?:[A-Za-z0-9_]+:)?(?:nationalId|unifiedBusinessNumber)>)([^<]*)(</)");
    private static final String COLUMNS = "id, party, reply_id, channel, envelope_sha256, reason, detail, received_at, state,"
            + " decided_by, decided_at, decision_note";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ReplyIntake intake;
    private final KeyRing keys;
    private final SignatureVerifier verifier;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    public Quarantine(JdbcTemplate jdbc, TransactionTemplate tx, ReplyIntake intake, KeyRing keys, SignatureVerifier verifier,
                      AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.intake = intake;
        this.keys = keys;
        this.verifier = verifier;
        this.audit = audit;
    }

    /** Newest first; {@code state} HELD, RELEASED or REJECTED, or null for all. */
    public List<Item> list(String state, int limit, String operator) {
        List<Item> items = state == null
                ? jdbc.query("SELECT " + COLUMNS + " FROM quarantine ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY",
                        (rs, i) -> item(rs))
                : jdbc.query("SELECT " + COLUMNS + " FROM quarantine WHERE state = ? ORDER BY id DESC FETCH FIRST " + limit
                        + " ROWS ONLY", (rs, i) -> item(rs), state);
        audit.record(operator, "quarantine-listed", null, null, null, items.size() + " item(s)" + (state == null ? "" : " " + state));
        return items;
    }

    /**
     * One item with its evidence. The content is shown only if the envelope opens (decrypts and its
     * signature verifies), and then with the obligor's ID masked.
     */
    public Inspection inspect(long id, String operator) {
        Item item = find(id);
        byte[] envelope = jdbc.queryForObject("SELECT envelope FROM quarantine WHERE id = ?", byte[].class, id);
        String content = null;
        String signer = null;
        String unopened = null;
        try {
            CmsEnvelope.Opened opened = CmsEnvelope.open(envelope, keys.archiveKey(), verifier, item.receivedAt());
            content = maskObligor(new String(opened.document(), StandardCharsets.UTF_8));
            signer = opened.signer().getSubjectX500Principal().getName();
        } catch (GatewayException e) {
            unopened = e.error().code() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            unopened = "envelope-malformed: " + e.getClass().getSimpleName();
        }
        audit.record(operator, "quarantine-inspected", null, item.envelopeSha256(), null, "quarantine " + id + " (" + item.reason() + ")");
        return new Inspection(item, envelope.length, signer, content, unopened);
    }

    /** @throws GatewayException not-found, or wrong-state (409) if the item is not HELD */
    public Item release(long id, String operator) {
        Map<String, Object> row = held(id);
        Reconsidered r = intake.reconsider((String) row.get("channel"), (String) row.get("party"), (String) row.get("reply_id"),
                (byte[]) row.get("envelope"));
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            if (r.accepted()) {
                int n = jdbc.update("UPDATE quarantine SET state = 'RELEASED', decided_by = ?, decided_at = ? WHERE id = ?"
                        + " AND state = 'HELD'", operator, Timestamp.from(now), id);
                if (n != 1) {
                    throw new GatewayException(GatewayError.WRONG_STATE, "Quarantine " + id + " was decided meanwhile");
                }
                audit.recordInTransaction(operator, "quarantine-released", r.orderId() == null ? null : r.orderId().toString(),
                        (String) row.get("envelope_sha256"), null, "quarantine " + id + ": accepted on release");
            } else {
                jdbc.update("UPDATE quarantine SET reason = ?, detail = ? WHERE id = ? AND state = 'HELD'", r.errorCode(),
                        r.detail(), id);
                audit.recordInTransaction(operator, "quarantine-release-refused", null, (String) row.get("envelope_sha256"),
                        r.errorCode(), "quarantine " + id + " still held: " + r.detail());
            }
        });
        return find(id);
    }

    /** @throws GatewayException not-found, or wrong-state (409) if the item is not HELD */
    public Item reject(long id, String note, String operator) {
        Map<String, Object> row = held(id);
        String cut = note == null ? null : note.length() > 500 ? note.substring(0, 500) : note;
        tx.executeWithoutResult(status -> {
            int n = jdbc.update("UPDATE quarantine SET state = 'REJECTED', decided_by = ?, decided_at = ?, decision_note = ?"
                    + " WHERE id = ? AND state = 'HELD'", operator, Timestamp.from(clock.instant()), cut, id);
            if (n != 1) {
                throw new GatewayException(GatewayError.WRONG_STATE, "Quarantine " + id + " was decided meanwhile");
            }
            audit.recordInTransaction(operator, "quarantine-rejected", null, (String) row.get("envelope_sha256"), null,
                    "quarantine " + id + ": " + cut);
        });
        return find(id);
    }

    private Map<String, Object> held(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT state, channel, party, reply_id, envelope, envelope_sha256"
                + " FROM quarantine WHERE id = ?", id);
        if (rows.isEmpty()) {
            throw new GatewayException(GatewayError.NOT_FOUND, "No quarantine item " + id);
        }
        if (!"HELD".equals(rows.get(0).get("state"))) {
            throw new GatewayException(GatewayError.WRONG_STATE, "Quarantine " + id + " is " + rows.get(0).get("state")
                    + ", not HELD");
        }
        return rows.get(0);
    }

    private Item find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM quarantine WHERE id = ?", (rs, i) -> item(rs), id).stream().findFirst()
                .orElseThrow(() -> new GatewayException(GatewayError.NOT_FOUND, "No quarantine item " + id));
    }

    private static Item item(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp decided = rs.getTimestamp(11);
        return new Item(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9), rs.getString(10),
                decided == null ? null : decided.toInstant(), rs.getString(12));
    }

    static String maskObligor(String xml) {
        Matcher m = OBLIGOR_ID.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + Masking.mask(m.group(2)) + m.group(3)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A quarantined reply.
     *
     * @param party           the authenticated sender
     * @param envelopeSha256  SHA-256 (hex) of the envelope as received
     * @param reason          the GatewayError code
     */
    public record Item(long id, String party, String replyId, String channel, String envelopeSha256, String reason,
                       String detail, Instant receivedAt, String state, String decidedBy, Instant decidedAt,
                       String decisionNote) { }

    /**
     * An item with what could be read of it.
     *
     * @param content  the reply XML with the obligor's ID masked, only if the envelope opened
     * @param unopened why it did not open, otherwise null
     */
    public record Inspection(Item item, int envelopeSize, String signer, String content, String unopened) { }
}
