package tw.gov.aee.gateway.intake;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;

import io.micrometer.core.instrument.MeterRegistry;
import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.audit.AuditLog;
import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ExecutionCertificate;
import tw.gov.aee.gateway.contract.v1.OrderCase;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.deadlines.ReplyDeadlines;
import tw.gov.aee.gateway.dispatch.DispatchProperties;
import tw.gov.aee.gateway.dispatch.EnvelopeSealer;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.documents.DocumentRules;
import tw.gov.aee.gateway.documents.InvalidDocumentException;
import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore;

/**
 * Accepts a branch's document: reads it (hardened), checks the domain rules, checks the branch
 * submits as itself, and stores it with one delivery per recipient and the outbox messages that
 * start dispatch — all in one transaction — before answering with its tracking id. Nothing of a
 * rejected document is stored (the API audits the rejection).
 */
@Service
public class DocumentIntake {

    private static final Logger log = LoggerFactory.getLogger(DocumentIntake.class);

    /**
     * Document ids are UUID version 7 (RFC 9562): 48 bits of acceptance time in milliseconds, then
     * 74 random bits from a {@link SecureRandom}, so they stay unguessable and unique across nodes.
     * Being time-ordered, a new document's id sorts after the ids of the documents before it, so
     * every index on it (the document's own key, its deliveries, cases, audit entries and replies)
     * grows at its end instead of touching a random, long-unwritten page on each insert: fewer
     * pages rewritten per commit and read back into the cache (issue #7; the same holds for
     * PostgreSQL's B-trees).
     */
    private static final NoArgGenerator DOCUMENT_IDS = Generators.timeBasedEpochGenerator(new SecureRandom());

    private final DocumentReader reader;
    private final DocumentRules rules;
    private final Recipients recipients;
    private final DeliveryStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final ReplyDeadlines deadlines;
    private final EnvelopeSealer sealer;
    private final DispatchProperties dispatch;
    private final Clock clock = Clock.systemUTC();

    public DocumentIntake(DocumentReader reader, DocumentRules rules, Recipients recipients, DeliveryStore store,
                          JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, MeterRegistry meters,
                          ReplyDeadlines deadlines, EnvelopeSealer sealer, DispatchProperties dispatch) {
        this.sealer = sealer;
        this.dispatch = dispatch;
        this.reader = reader;
        this.rules = rules;
        this.recipients = recipients;
        this.store = store;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.meters = meters;
        this.deadlines = deadlines;
    }

    /**
     * @param branchCode the authenticated branch (from its client certificate)
     * @throws InvalidDocumentException 400/413/422 with every problem
     * @throws GatewayException FORBIDDEN when the document's issuing branch is not
     *         {@code branchCode}; DUPLICATE_CONFLICT when the number was used with other content
     */
    public Submission submit(String branchCode, byte[] body, BodyFormat format) {
        try {
            return accept(branchCode, body, format);
        } catch (GatewayException e) {
            // The API layer (REST, batch, SOAP) writes the audit entry with the caller's context.
            meters.counter("gateway.intake.rejected", "code", e.error().code()).increment();
            log.info("branch {} submission rejected: {} ({})", branchCode, e.error().code(), e.getMessage());
            throw e;
        }
    }

    private Submission accept(String branchCode, byte[] body, BodyFormat format) {
        Object doc = format == BodyFormat.JSON ? reader.readJson(body) : reader.readXml(body);
        DocumentHeader header = headerOf(doc);
        if (!branchCode.equals(header.getIssuingBranch())) {
            throw new GatewayException(GatewayError.FORBIDDEN, "branch " + branchCode + " may not submit documents of branch "
                    + header.getIssuingBranch());
        }
        if (header.getDocumentId() != null) {
            throw new InvalidDocumentException(GatewayError.SCHEMA_INVALID, "the gateway assigns the document id",
                    List.of("header.documentId: must be absent; the gateway assigns it on acceptance"));
        }
        rules.check(doc);
        byte[] canonical = reader.toXml(doc);
        String contentSha256 = CmsEnvelope.sha256Hex(canonical);
        Submission earlier = earlier(branchCode, header.getDocumentNumber(), contentSha256);
        if (earlier != null) {
            return earlier;
        }
        List<Recipients.Recipient> to = recipients.of(doc, branchCode);
        nameEveryRecipient(header, to);
        UUID id = DOCUMENT_IDS.generate();
        header.setDocumentId(id.toString());
        byte[] xml = reader.toXml(doc);
        String type = doc.getClass().getSimpleName();
        String predecessor = predecessorOf(doc);
        Sealed sealed = predecessor == null ? seal(branchCode, xml, to) : null;
        try {
            Instant acceptedAt = clock.instant();
            tx.executeWithoutResult(status -> {
                store.insertDocument(id, branchCode, header.getDocumentNumber(), type, kindOf(doc), header.getCaseNumber(),
                        caseNumbers(doc, header), contentSha256, xml, acceptedAt);
                if (doc instanceof EnforcementOrder order) { // the banks' replies are due by then (deadlines/)
                    jdbc.update("UPDATE document SET reply_due = ? WHERE id = ?",
                            java.sql.Timestamp.from(deadlines.dueOf(order, acceptedAt)), id);
                }
                if (predecessor != null) {
                    store.recordPredecessor(id, predecessor); // the legal-order gate waits for it
                }
                if (sealed != null) {
                    store.storeSigned(id, sealed.signed());
                }
                for (int i = 0; i < to.size(); i++) {
                    Recipients.Recipient r = to.get(i);
                    String transport = r.transport().name();
                    if (sealed == null) {
                        store.insertDelivery(id, r.code(), r.kind().name(), r.role(), transport);
                    } else {
                        EnvelopeSealer.Envelope e = sealed.envelopes().get(i);
                        store.insertSealedDelivery(id, r.code(), r.kind().name(), r.role(), transport, e.bytes(), e.sha256(),
                                EnvelopeSealer.detail(branchCode, r.code()), dispatch.destinationOf(transport).orElse(null));
                    }
                }
                audit.recordInTransaction(branchCode, "DOCUMENT_ACCEPTED", id.toString(), contentSha256, null,
                        type + " " + header.getDocumentNumber() + " for " + to.size() + " recipient(s)");
            });
        } catch (DuplicateKeyException race) {
            // Another node accepted the same (branch, number) a moment ago: answer as a resubmission.
            Submission again = earlier(branchCode, header.getDocumentNumber(), contentSha256);
            if (again != null) {
                return again;
            }
            throw race;
        }
        meters.counter("gateway.intake.accepted", "type", type).increment();
        log.info("accepted {} {} from {} as {} for {} recipient(s)", type, header.getDocumentNumber(), branchCode, id, to.size());
        return new Submission(id, header.getDocumentNumber(), type, DeliveryState.ACCEPTED, true);
    }

    /**
     * Seals the document for every recipient before it is stored, so that it is stored SIGNED with
     * its envelopes and its outbox messages go straight to each transport's stage: the signing
     * stage's commit, broker message and look-up per delivery saved (issue #7). Only a document
     * with no predecessor: a revocation or follow-up order is sealed by the signing stage, through
     * the legal-order gate. If sealing fails here (a branch key or an encryption certificate
     * missing), the document is still accepted and the signing stage tries again and reports, as
     * it always did.
     */
    private Sealed seal(String branchCode, byte[] xml, List<Recipients.Recipient> to) {
        try {
            byte[] signed = sealer.sign(branchCode, xml);
            List<EnvelopeSealer.Envelope> envelopes = new ArrayList<>(to.size());
            for (Recipients.Recipient r : to) {
                envelopes.add(sealer.encrypt(signed, r.code(), r.transport().name()));
            }
            return new Sealed(signed, envelopes);
        } catch (RuntimeException e) {
            log.warn("branch {}: document not sealed on acceptance ({}); the signing stage will seal it", branchCode,
                    e.toString());
            return null;
        }
    }

    private record Sealed(byte[] signed, List<EnvelopeSealer.Envelope> envelopes) { }

    /**
     * The document as signed names everyone it goes to: a copy the gateway adds (an agency of the
     * revoked order, an agency a case names but the header's copy-to left out) joins copy-to, so
     * each recipient can see it was addressed.
     */
    private static void nameEveryRecipient(DocumentHeader header, List<Recipients.Recipient> to) {
        Set<String> named = new java.util.HashSet<>();
        header.getRecipient().forEach(p -> named.add(p.getCode()));
        header.getCopyTo().forEach(p -> named.add(p.getCode()));
        for (Recipients.Recipient r : to) {
            if (named.add(r.code())) {
                PartyRef ref = new PartyRef();
                ref.setCode(r.code());
                ref.setKind(tw.gov.aee.gateway.contract.v1.PartyKind.valueOf(r.kind().name()));
                if ("ADDRESSEE".equals(r.role())) {
                    header.getRecipient().add(ref);
                } else {
                    header.getCopyTo().add(ref);
                }
            }
        }
    }

    /** The earlier acceptance of (branch, number): the same content answers 200, other content 409. */
    private Submission earlier(String branch, String documentNumber, String contentSha256) {
        List<Object[]> rows = jdbc.query("SELECT id, content_sha256, document_type FROM document WHERE branch = ? AND"
                        + " document_number = ?", (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2),
                        rs.getString(3)}, branch, documentNumber);
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        if (!java.security.MessageDigest.isEqual(((String) row[1]).getBytes(), contentSha256.getBytes())) {
            throw new GatewayException(GatewayError.DUPLICATE_CONFLICT, "document number " + documentNumber
                    + " was already accepted as " + row[0] + " with different content");
        }
        return new Submission((UUID) row[0], documentNumber, (String) row[2], null, false);
    }

    static DocumentHeader headerOf(Object doc) {
        if (doc instanceof EnforcementOrder o) {
            return o.getHeader();
        }
        if (doc instanceof SeizureRevocation r) {
            return r.getHeader();
        }
        if (doc instanceof ExecutionCertificate c) {
            return c.getHeader();
        }
        throw new InvalidDocumentException(GatewayError.SCHEMA_INVALID, "branches submit EnforcementOrder, "
                + "SeizureRevocation or ExecutionCertificate, not " + doc.getClass().getSimpleName(),
                List.of("root: " + doc.getClass().getSimpleName() + " is not a branch document"));
    }

    private static String kindOf(Object doc) {
        if (doc instanceof EnforcementOrder o) {
            return o.getKind().name();
        }
        if (doc instanceof SeizureRevocation r) {
            return r.getScope().name();
        }
        return ((ExecutionCertificate) doc).getCategory().name();
    }

    /** The number of the document this one revokes or follows (legal order), or null. */
    static String predecessorOf(Object doc) {
        if (doc instanceof SeizureRevocation r && r.getRevokes() != null) {
            return r.getRevokes().getDocumentNumber();
        }
        if (doc instanceof EnforcementOrder o && o.getFollows() != null) {
            return o.getFollows().getDocumentNumber();
        }
        return null;
    }

    private static List<String> caseNumbers(Object doc, DocumentHeader header) {
        Set<String> cases = new LinkedHashSet<>();
        cases.add(header.getCaseNumber());
        if (doc instanceof EnforcementOrder o) {
            for (OrderCase c : o.getCase()) {
                cases.add(c.getCaseNumber());
            }
        }
        return new ArrayList<>(cases);
    }

}
