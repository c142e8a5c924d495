package tw.gov.aee.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit table: who did what, when, to which document, with which digest. Entries
 * are never updated or deleted (the hash chain over them comes later). Callers pass masked
 * obligor data only.
 */
@Component
public class AuditLog {

    private static final int MAX_DETAIL = 1000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /**
     * Records an entry in a transaction of its own, so a rejection is audited even though the
     * work it rejected is rolled back.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String documentId, String digest, String errorCode, String detail) {
        append(actor, action, documentId, digest, errorCode, detail);
    }

    /** Records an entry in the caller's transaction: it commits or rolls back with the change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordInTransaction(String actor, String action, String documentId, String digest, String errorCode,
                                    String detail) {
        append(actor, action, documentId, digest, errorCode, detail);
    }

    private void append(String actor, String action, String documentId, String digest, String errorCode, String detail) {
        String d = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        jdbc.update("INSERT INTO audit_entry (occurred_at, actor, action, document_id, digest, error_code, detail) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()), truncate(actor, 64), truncate(action, 64),
                documentId, digest, errorCode, d);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
