package tw.gov.aee.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Append-only record of who did what to which document (the {@code audit_entry} table): every
 * rejection, acceptance and state transition.
 *
 * <p>A rejection is written in a transaction of its own ({@link #record}), so it is recorded even
 * though the work that failed rolls back; a state transition is written in the transaction that
 * makes it ({@link #recordInTransaction}), so neither exists without the other. Callers pass only masked obligor data (see {@code documents.Masking}); control
 * characters are replaced so a hostile value cannot forge lines in an export.
 */
@Component
public class AuditLog {

    static final int DETAIL_LIMIT = 1000;
    private static final int SHORT_LIMIT = 64;
    private static final int ID_LIMIT = 36;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    @Autowired
    public AuditLog(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param actor      the party code (or {@code anonymous}, {@code gateway}); required
     * @param action     what happened, e.g. {@code document-rejected}; required
     * @param documentId the gateway's document id, when there is one
     * @param digest     SHA-256 (hex) of the bytes concerned, when there are any
     * @param errorCode  the {@code GatewayError} code of a rejection, else {@code null}
     * @param detail     a short explanation without payloads; cut to 1000 characters
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String documentId, String digest, String errorCode, String detail) {
        append(actor, action, documentId, digest, errorCode, detail);
    }

    /**
     * Records an entry in the caller's transaction, for a change that must not exist without its
     * audit entry (a state transition): both commit, or neither.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordInTransaction(String actor, String action, String documentId, String digest, String errorCode,
                                    String detail) {
        append(actor, action, documentId, digest, errorCode, detail);
    }

    private void append(String actor, String action, String documentId, String digest, String errorCode, String detail) {
        jdbc.update("INSERT INTO audit_entry (occurred_at, actor, action, document_id, digest, error_code, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()),
                clean(actor == null ? "unknown" : actor, SHORT_LIMIT),
                clean(action == null ? "unknown" : action, SHORT_LIMIT),
                clean(documentId, ID_LIMIT),
                clean(digest, SHORT_LIMIT),
                clean(errorCode, SHORT_LIMIT),
                clean(detail, DETAIL_LIMIT));
    }

    /** At most {@code limit} characters, never splitting a surrogate pair; controls become '?'. */
    static String clean(String value, int limit) {
        if (value == null) {
            return null;
        }
        int end = value.length() <= limit ? value.length()
                : Character.isHighSurrogate(value.charAt(limit - 1)) ? limit - 1 : limit;
        StringBuilder out = new StringBuilder(end);
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
