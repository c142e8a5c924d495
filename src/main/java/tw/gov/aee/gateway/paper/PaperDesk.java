package tw.gov.aee.gateway.paper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.DeliveryWork;

/**
 * Paper fallback (issue #5, item 3): renders a PAPER delivery into the print folder (DISPATCHED,
 * "queued for printing"), lists what waits to be posted, and takes the operator's confirmation of
 * posting, which stands in for the recipient's receipt (DESIGN §3): DELIVERED at the posting time,
 * then RECEIPTED, with who confirmed and when.
 */
@Component
@EnableConfigurationProperties(PaperProperties.class)
public class PaperDesk {

    private static final Logger log = LoggerFactory.getLogger(PaperDesk.class);
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9]{1,8}");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final DeliveryStore store;
    private final JdbcTemplate jdbc;
    private final DocumentReader reader;
    private final ParticipantsDirectory directory;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Path printDir;
    private final PaperRenderer renderer = new PaperRenderer();
    private final Clock clock = Clock.systemUTC();

    public PaperDesk(DeliveryStore store, JdbcTemplate jdbc, DocumentReader reader, ParticipantsDirectory directory,
                     AuditLog audit, TransactionTemplate tx, PaperProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.reader = reader;
        this.directory = directory;
        this.audit = audit;
        this.tx = tx;
        this.printDir = properties.printDir();
    }

    /**
     * Route {@code deliver-paper}: writes the paper copy (temporary name, then rename, so a printer
     * watching the folder never takes a half-written file) and marks the delivery DISPATCHED.
     * Idempotent: a redelivered message for a delivery queued already does nothing; one that
     * arrives after a crash between the file and the commit writes the same file again.
     */
    public void print(String deliveryId) {
        Optional<DeliveryWork> found = store.work(Long.parseLong(deliveryId.trim()));
        if (found.isEmpty() || found.get().state() != DeliveryState.SIGNED) {
            return;
        }
        DeliveryWork w = found.get();
        if (!SAFE_CODE.matcher(w.recipient()).matches()) {
            throw new IllegalStateException("recipient code " + w.recipient() + " cannot name a file");
        }
        String html = renderer.render(reader.readXml(w.xml()), w.recipient(), this::name);
        String fileName = w.documentId() + "-" + w.recipient() + ".html";
        write(fileName, html);
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO paper_job (delivery_id, file_name, queued_at) SELECT ?, ?, ?"
                    + " WHERE NOT EXISTS (SELECT 1 FROM paper_job WHERE delivery_id = ?)",
                    w.id(), fileName, Timestamp.from(now), w.id());
            store.transition(w.id(), w.documentId(), List.of(DeliveryState.SIGNED), DeliveryState.DISPATCHED, now,
                    "queued for printing at " + now + " as " + fileName, w.envelopeSha256());
        });
        log.info("delivery {} of document {} to {}: queued for printing as {}", w.id(), w.documentId(), w.recipient(),
                fileName);
    }

    private void write(String fileName, String html) {
        try {
            Files.createDirectories(printDir);
            Path tmp = printDir.resolve(fileName + ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, printDir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " to " + printDir, e);
        }
    }

    private String name(String code) {
        return code == null ? "" : directory.find(code).map(Participant::name).orElse(code);
    }

    /** Paper copies waiting for an operator to confirm posting (all of them with {@code all}), oldest first. */
    public List<PaperJob> jobs(boolean all) {
        return query(all ? "" : " WHERE p.confirmed_at IS NULL");
    }

    public Optional<PaperJob> job(long deliveryId) {
        return query(" WHERE p.delivery_id = ?", deliveryId).stream().findFirst();
    }

    /** The HTML of a queued paper copy. */
    public String html(long deliveryId) {
        PaperJob job = job(deliveryId).orElseThrow(() ->
                new GatewayException(GatewayError.NOT_FOUND, "No paper copy for delivery " + deliveryId));
        try {
            return Files.readString(printDir.resolve(job.fileName()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("paper copy " + job.fileName() + " cannot be read", e);
        }
    }

    /**
     * The operator's confirmation that the copy was posted: stored in place of a receipt (status
     * POSTED, received at the posting time), DELIVERED then RECEIPTED, audited with the operator as
     * actor. The same confirmation again answers the original; a different one is refused (409).
     */
    @Transactional
    public PaperJob confirmPosted(long deliveryId, OffsetDateTime postedAt, String note, String operator) {
        if (postedAt == null) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "postedAt is required (ISO-8601 with offset)");
        }
        if (note != null && note.length() > 500) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "note is longer than 500 characters");
        }
        Instant now = clock.instant();
        // the database keeps microseconds: compare a repeated confirmation at that precision
        Instant posted = postedAt.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        if (posted.isAfter(now.plus(CLOCK_SKEW))) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "postedAt lies in the future");
        }
        PaperJob job = job(deliveryId).orElseThrow(() ->
                new GatewayException(GatewayError.NOT_FOUND, "No paper copy for delivery " + deliveryId));
        if (posted.isBefore(job.queuedAt().minus(CLOCK_SKEW))) {
            throw new GatewayException(GatewayError.INVALID_REQUEST, "postedAt lies before the copy was queued for printing");
        }
        int claimed = jdbc.update("UPDATE paper_job SET posted_at = ?, confirmed_by = ?, confirmed_at = ?, note = ?"
                + " WHERE delivery_id = ? AND confirmed_at IS NULL", Timestamp.from(posted), operator, Timestamp.from(now),
                note, deliveryId);
        if (claimed == 0) {
            if (posted.equals(job.postedAt()) && operator.equals(job.confirmedBy())
                    && java.util.Objects.equals(note, job.note())) {
                return job; // the same confirmation again: nothing more happens
            }
            throw new GatewayException(GatewayError.ALREADY_CONFIRMED, "Posting of delivery " + deliveryId
                    + " was confirmed by " + job.confirmedBy() + " at " + job.confirmedAt());
        }
        DeliveryWork w = store.work(deliveryId).orElseThrow();
        store.storeReceipt(w.id(), null, UUID.randomUUID().toString(), "POSTED", posted, null);
        if (!store.transition(w.id(), w.documentId(), List.of(DeliveryState.DISPATCHED), DeliveryState.DELIVERED, posted,
                "posted to " + w.recipient() + " on paper", w.envelopeSha256())) {
            throw new GatewayException(GatewayError.WRONG_STATE, "Delivery " + deliveryId + " is " + w.state()
                    + ", not DISPATCHED");
        }
        store.transition(w.id(), w.documentId(), List.of(DeliveryState.DELIVERED), DeliveryState.RECEIPTED, now,
                "posting confirmed by operator " + operator + " at " + now, null);
        audit.recordInTransaction(operator, "paper-posted-confirmed", w.documentId().toString(), w.envelopeSha256(), null,
                "delivery " + w.id() + " to " + w.recipient() + " posted at " + posted
                        + (note == null ? "" : "; note: " + note));
        return job(deliveryId).orElseThrow();
    }

    private List<PaperJob> query(String where, Object... args) {
        return jdbc.query("SELECT p.delivery_id, d.document_id, doc.document_number, doc.document_type, d.recipient,"
                        + " d.state, p.file_name, p.queued_at, p.posted_at, p.confirmed_by, p.confirmed_at, p.note"
                        + " FROM paper_job p JOIN delivery d ON d.id = p.delivery_id JOIN document doc ON doc.id = d.document_id"
                        + where + " ORDER BY p.queued_at, p.delivery_id",
                (rs, i) -> new PaperJob(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), name(rs.getString(5)), rs.getString(6), rs.getString(7),
                        time(rs.getObject(8, OffsetDateTime.class)), time(rs.getObject(9, OffsetDateTime.class)),
                        rs.getString(10), time(rs.getObject(11, OffsetDateTime.class)), rs.getString(12)), args);
    }

    private static Instant time(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** One paper copy as the operator sees it. */
    public record PaperJob(long deliveryId, UUID documentId, String documentNumber, String documentType,
                           String recipient, String recipientName, String state, String fileName, Instant queuedAt,
                           Instant postedAt, String confirmedBy, Instant confirmedAt, String note) { }
}
