package tw.gov.aee.gateway.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.contract.v1.DocumentHeader;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ExecutionCertificate;
import tw.gov.aee.gateway.contract.v1.OrderCase;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.SeizureRevocation;
import tw.gov.aee.gateway.participants.DocumentType;
import tw.gov.aee.gateway.participants.Participant;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.participants.Transport;

/**
 * Who gets a document, each a delivery of its own (DESIGN §9 "Tracking"): an order goes to every
 * bank it names and, as a copy (副知), once to each distinct transferring agency its cases name or
 * its header copies; a revocation to its banks and in copy to the agencies of the order it
 * revokes; an execution certificate to the agency of its category. A party that does not take the
 * document type electronically gets it on paper when the directory says it falls back to paper.
 */
@Component
public class Recipients {

    /** One recipient of a document. @param role ADDRESSEE or COPY */
    public record Recipient(String code, PartyKind kind, String role, Transport transport) { }

    private final ParticipantsDirectory directory;
    private final JdbcTemplate jdbc;

    public Recipients(ParticipantsDirectory directory, JdbcTemplate jdbc) {
        this.directory = directory;
        this.jdbc = jdbc;
    }

    public List<Recipient> of(Object doc, String branch) {
        Map<String, String> roles = new LinkedHashMap<>();
        DocumentHeader header = DocumentIntake.headerOf(doc);
        for (PartyRef r : header.getRecipient()) {
            roles.putIfAbsent(r.getCode(), "ADDRESSEE");
        }
        if (doc instanceof ExecutionCertificate c) {
            roles.putIfAbsent(c.getAgency(), "ADDRESSEE");
        }
        if (doc instanceof EnforcementOrder o) {
            for (OrderCase c : o.getCase()) {
                roles.putIfAbsent(c.getTransferringAgency(), "COPY");
            }
        }
        if (doc instanceof SeizureRevocation r) {
            // The agencies copied on the order it revokes are copied on the revocation too.
            jdbc.queryForList("SELECT d.recipient FROM delivery d JOIN document doc ON doc.id = d.document_id"
                            + " WHERE doc.branch = ? AND doc.document_number = ? AND d.role = 'COPY'", String.class,
                    branch, r.getRevokes().getDocumentNumber()).forEach(code -> roles.putIfAbsent(code, "COPY"));
        }
        for (PartyRef r : header.getCopyTo()) {
            roles.putIfAbsent(r.getCode(), "COPY");
        }
        DocumentType type = typeOf(doc);
        List<Recipient> out = new ArrayList<>();
        roles.forEach((code, role) -> {
            Participant p = directory.find(code).orElseThrow(() -> new IllegalStateException(
                    "recipient " + code + " passed the rules but is not in the directory"));
            Transport t = p.accepts(type) || p.transport() == Transport.PAPER ? p.transport()
                    : p.paperFallback() ? Transport.PAPER : p.transport();
            out.add(new Recipient(code, p.kind(), role, t));
        });
        return out;
    }

    static DocumentType typeOf(Object doc) {
        if (doc instanceof EnforcementOrder) {
            return DocumentType.ENFORCEMENT_ORDER;
        }
        if (doc instanceof SeizureRevocation) {
            return DocumentType.SEIZURE_REVOCATION;
        }
        return DocumentType.EXECUTION_CERTIFICATE;
    }
}
