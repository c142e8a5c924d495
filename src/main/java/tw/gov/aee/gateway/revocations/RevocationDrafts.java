package tw.gov.aee.gateway.revocations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.GregorianCalendar;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.DocumentReference;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.OrderCase;
import tw.gov.aee.gateway.contract.v1.PartyKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.ReleasedAccount;
import tw.gov.aee.gateway.contract.v1.RevocationReason;
import tw.gov.aee.gateway.contract.v1.RevocationScope;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Revocations the gateway drafts for a branch (welfare exemption, shared ceiling): numbered from
 * the branch's draft range, stored, and — by the branch's {@code autoSendRevocations} policy —
 * submitted at once through {@link DocumentIntake} as the branch (which signs and delivers it like
 * any branch document, the legal-order gate keeping it behind the order), or kept
 * PENDING_APPROVAL until the branch approves or discards it.
 */
@Service
public class RevocationDrafts {

    private static final Logger log = LoggerFactory.getLogger(RevocationDrafts.class);
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    /** Lifecycle of a drafted revocation. */
    public enum State { PENDING_APPROVAL, SUBMITTED, DISCARDED }

    /** Why the gateway drafted it. */
    public enum Cause { WELFARE_EXEMPT, CEILING }

    /** One account line: the (masked) account and the amount released. */
    public record Line(String accountNumber, long amount) { }

    /** A drafted revocation as the branch API shows it. */
    public record Draft(long id, String branch, UUID orderId, String bank, String documentNumber, String reason,
                        long amount, String state, UUID documentId, String sourceReplyId, String triggerReplyId,
                        Instant createdAt, String decidedBy, Instant decidedAt, String lastError) { }

    private final JdbcTemplate jdbc;
    private final DraftNumbers numbers;
    private final DocumentReader reader;
    private final DocumentIntake intake;
    private final ParticipantsDirectory directory;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final DatatypeFactory xmlDates;
    private final Clock clock = Clock.systemUTC();

    public RevocationDrafts(JdbcTemplate jdbc, DraftNumbers numbers, DocumentReader reader, DocumentIntake intake,
                            ParticipantsDirectory directory, TransactionTemplate tx, AuditLog audit)
            throws DatatypeConfigurationException {
        this.jdbc = jdbc;
        this.numbers = numbers;
        this.reader = reader;
        this.intake = intake;
        this.directory = directory;
        this.tx = tx;
        this.audit = audit;
        this.xmlDates = DatatypeFactory.newInstance();
    }

    /**
     * Drafts a PARTIAL revocation of {@code orderId} to {@code bank}, in the caller's transaction
     * (the reply's), and submits it at once when the branch's policy says so.
     *
     * @return the draft's id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long draft(UUID orderId, String bank, String sourceReplyId, String triggerReplyId, Cause cause,
                      String reasonDetail, List<Line> lines) {
        Map<String, Object> order = jdbc.queryForMap("SELECT branch, xml FROM document WHERE id = ?", orderId);
        String branch = (String) order.get("branch");
        EnforcementOrder o = reader.readStored((byte[]) order.get("xml"), EnforcementOrder.class);
        String number = numbers.next(branch);
        SeizureRevocation r = revocation(o, number, bank, cause, reasonDetail, lines);
        byte[] xml = reader.toXml(r);
        long amount = lines.stream().mapToLong(Line::amount).sum();
        Instant now = clock.instant();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO drafted_revocation (branch, order_id, bank, source_reply_id,"
                    + " trigger_reply_id, reason, document_number, amount, xml, state, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"});
            ps.setString(1, branch);
            ps.setObject(2, orderId);
            ps.setString(3, bank);
            ps.setString(4, sourceReplyId);
            ps.setString(5, triggerReplyId);
            ps.setString(6, cause.name());
            ps.setString(7, number);
            ps.setLong(8, amount);
            ps.setBytes(9, xml);
            ps.setString(10, State.PENDING_APPROVAL.name());
            ps.setTimestamp(11, Timestamp.from(now));
            return ps;
        }, key);
        long id = key.getKey().longValue();
        for (Line l : lines) {
            jdbc.update("INSERT INTO drafted_revocation_line (revocation_id, account_number, amount) VALUES (?, ?, ?)",
                    id, l.accountNumber(), l.amount());
        }
        audit.recordInTransaction("gateway", "REVOCATION_DRAFTED", orderId.toString(), null, null, cause + " revocation "
                + number + " of order " + o.getHeader().getDocumentNumber() + " to " + bank + ": NT$" + amount);
        log.info("drafted {} revocation {} (NT${}) of order {} to {} for branch {}", cause, number, amount, orderId, bank,
                branch);
        if (directory.require(branch, tw.gov.aee.gateway.participants.PartyKind.BRANCH).autoSendRevocations()) {
            try {
                submit(id, branch, xml, "gateway (autoSendRevocations)");
            } catch (GatewayException refused) {
                // Refused before anything was written (validation): the draft waits for the branch
                // with the reason, and the reply itself stays accepted.
                jdbc.update("UPDATE drafted_revocation SET last_error = ? WHERE id = ?",
                        refused.error().code() + ": " + truncate(refused.getMessage()), id);
                log.error("drafted revocation {} of branch {} was refused at intake: {}", number, branch,
                        refused.getMessage());
            }
        }
        return id;
    }

    private SeizureRevocation revocation(EnforcementOrder o, String number, String bank, Cause cause, String detail,
                                         List<Line> lines) {
        DocumentHeader oh = o.getHeader();
        DocumentHeader h = new DocumentHeader();
        h.setDocumentNumber(number);
        h.setCaseNumber(oh.getCaseNumber());
        h.setIssuingBranch(oh.getIssuingBranch());
        h.setSender(party(oh.getIssuingBranch(), PartyKind.BRANCH));
        h.getRecipient().add(party(bank, PartyKind.BANK));
        Set<String> agencies = new LinkedHashSet<>();
        for (OrderCase c : o.getCase()) {
            agencies.add(c.getTransferringAgency());
        }
        oh.getCopyTo().forEach(p -> agencies.add(p.getCode()));
        agencies.forEach(a -> h.getCopyTo().add(party(a, PartyKind.AGENCY)));
        h.setIssuedAt(xmlDates.newXMLGregorianCalendar(GregorianCalendar.from(
                ZonedDateTime.now(clock).withZoneSameInstant(TAIPEI).withNano(0))));
        SeizureRevocation r = new SeizureRevocation();
        r.setHeader(h);
        DocumentReference revokes = new DocumentReference();
        revokes.setDocumentNumber(oh.getDocumentNumber());
        revokes.setDocumentId(oh.getDocumentId());
        XMLGregorianCalendar issued = oh.getIssuedAt();
        revokes.setIssuedOn(xmlDates.newXMLGregorianCalendarDate(issued.getYear(), issued.getMonth(), issued.getDay(),
                DatatypeConstants.FIELD_UNDEFINED));
        r.setRevokes(revokes);
        r.setObligor(o.getObligor());
        r.setReason(cause == Cause.WELFARE_EXEMPT ? RevocationReason.WELFARE_EXEMPT : RevocationReason.OTHER);
        r.setReasonDetail(detail);
        r.setScope(RevocationScope.PARTIAL);
        for (Line l : lines) {
            ReleasedAccount a = new ReleasedAccount();
            a.setAccountNumber(l.accountNumber());
            a.setAmountReleased(l.amount());
            r.getAccount().add(a);
        }
        return r;
    }

    private static PartyRef party(String code, PartyKind kind) {
        PartyRef p = new PartyRef();
        p.setCode(code);
        p.setKind(kind);
        return p;
    }

    /** Submits the draft as the branch (in the caller's transaction) and marks it SUBMITTED. */
    private void submit(long id, String branch, byte[] xml, String by) {
        Submission s = intake.submit(branch, xml, BodyFormat.XML);
        jdbc.update("UPDATE drafted_revocation SET state = ?, document_id = ?, decided_by = ?, decided_at = ?,"
                        + " last_error = NULL WHERE id = ?", State.SUBMITTED.name(), s.id(), by,
                Timestamp.from(clock.instant()), id);
    }

    /** The branch approves its pending draft: submitted as the branch, delivered like any document. */
    public Draft approve(String branch, long id) {
        tx.executeWithoutResult(status -> {
            Map<String, Object> row = lockPending(branch, id);
            submit(id, branch, (byte[]) row.get("xml"), branch);
            audit.recordInTransaction(branch, "REVOCATION_APPROVED", row.get("order_id").toString(), null, null,
                    "drafted revocation " + row.get("document_number") + " approved");
        });
        return find(branch, id);
    }

    /** The branch discards its pending draft: nothing is sent. */
    public Draft discard(String branch, long id) {
        tx.executeWithoutResult(status -> {
            Map<String, Object> row = lockPending(branch, id);
            jdbc.update("UPDATE drafted_revocation SET state = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                    State.DISCARDED.name(), branch, Timestamp.from(clock.instant()), id);
            audit.recordInTransaction(branch, "REVOCATION_DISCARDED", row.get("order_id").toString(), null, null,
                    "drafted revocation " + row.get("document_number") + " discarded");
        });
        return find(branch, id);
    }

    private Map<String, Object> lockPending(String branch, long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT branch, state, xml, order_id, document_number"
                + " FROM drafted_revocation WHERE id = ? FOR UPDATE", id);
        if (rows.isEmpty() || !branch.equals(rows.get(0).get("branch"))) {
            // Another branch's draft is not found rather than forbidden: its existence is not the caller's business.
            throw new GatewayException(GatewayError.NOT_FOUND, "no drafted revocation " + id + " of branch " + branch);
        }
        if (!State.PENDING_APPROVAL.name().equals(rows.get(0).get("state"))) {
            throw new GatewayException(GatewayError.REVOCATION_NOT_PENDING, "drafted revocation " + id + " is "
                    + rows.get(0).get("state"));
        }
        return rows.get(0);
    }

    /** One draft of the branch. */
    public Draft find(String branch, long id) {
        return query("WHERE id = ? AND branch = ?", id, branch).stream().findFirst().orElseThrow(() ->
                new GatewayException(GatewayError.NOT_FOUND, "no drafted revocation " + id + " of branch " + branch));
    }

    /** The branch's drafts, newest first, optionally in one state. */
    public List<Draft> list(String branch, State state) {
        return state == null ? query("WHERE branch = ? ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", branch)
                : query("WHERE branch = ? AND state = ? ORDER BY id DESC FETCH FIRST 500 ROWS ONLY", branch, state.name());
    }

    /** The drafts of one order (any state). */
    public List<Draft> ofOrder(UUID orderId) {
        return query("WHERE order_id = ? ORDER BY id", orderId);
    }

    private List<Draft> query(String where, Object... args) {
        return jdbc.query("SELECT id, branch, order_id, bank, document_number, reason, amount, state, document_id,"
                        + " source_reply_id, trigger_reply_id, created_at, decided_by, decided_at, last_error"
                        + " FROM drafted_revocation " + where,
                (rs, i) -> new Draft(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8), rs.getObject(9, UUID.class),
                        rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)), rs.getString(13),
                        instant(rs.getTimestamp(14)), rs.getString(15)), args);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
