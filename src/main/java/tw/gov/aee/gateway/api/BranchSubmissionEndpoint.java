package tw.gov.aee.gateway.api;

import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.w3c.dom.Element;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.branch.BranchSubmission;
import tw.gov.aee.gateway.contract.branch.DocumentState;
import tw.gov.aee.gateway.contract.branch.DocumentStatus;
import tw.gov.aee.gateway.contract.branch.GatewayFault;
import tw.gov.aee.gateway.contract.branch.GatewayFaultDetail;
import tw.gov.aee.gateway.contract.branch.HistoryEntry;
import tw.gov.aee.gateway.contract.branch.SubmissionResult;
import tw.gov.aee.gateway.contract.branch.SubmittedDocument;
import tw.gov.aee.gateway.intake.BodyFormat;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.intake.Submission;
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.tracking.DocumentTracking;
import tw.gov.aee.gateway.tracking.DocumentView;

/**
 * The branch SOAP service ({@code branch-submission.wsdl}): the same intake and the same rules as
 * REST, the caller taken from the same client-certificate authentication. Refusals are
 * {@link GatewayFault}s carrying the error code; {@link SoapFaultCodes} makes 4xx-type errors
 * Client faults.
 */
class BranchSubmissionEndpoint implements BranchSubmission {

    private final DocumentIntake intake;
    private final DocumentTracking tracking;
    private final Problems problems;

    BranchSubmissionEndpoint(DocumentIntake intake, DocumentTracking tracking, Problems problems) {
        this.intake = intake;
        this.tracking = tracking;
        this.problems = problems;
    }

    @Override
    public SubmissionResult submitDocument(SubmittedDocument document) throws GatewayFault {
        Party party = callingBranch("soap-submission-rejected");
        String digest = null;
        try {
            byte[] xml = serialise(document);
            digest = BoundedBody.sha256(xml);
            Submission submission = intake.submit(party.code(), xml, BodyFormat.XML);
            SubmissionResult result = new SubmissionResult();
            result.setId(submission.id().toString());
            result.setDocumentNumber(submission.documentNumber());
            result.setState(DocumentState.fromValue(submission.state().name()));
            return result;
        } catch (GatewayException e) {
            throw fault(party.code(), "soap-submission-rejected", digest, e);
        } catch (RuntimeException e) {
            throw internal(party.code(), "soap-submission-rejected", digest, e);
        }
    }

    @Override
    public DocumentStatus getStatus(String id) throws GatewayFault {
        Party party = callingBranch("soap-request-refused");
        try {
            DocumentView view = tracking.find(parseId(id))
                    .orElseThrow(() -> new GatewayException(GatewayError.NOT_FOUND, "No such document"));
            if (!view.branch().equals(party.code())) {
                throw new GatewayException(GatewayError.FORBIDDEN, "The document belongs to another branch");
            }
            return status(view);
        } catch (GatewayException e) {
            throw fault(party.code(), "soap-request-refused", null, e);
        } catch (RuntimeException e) {
            throw internal(party.code(), "soap-request-refused", null, e);
        }
    }

    private Party callingBranch(String action) throws GatewayFault {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Party party)) {
            // The security filter answers 401 before CXF runs; this guards a misconfiguration.
            throw fault(Problems.ANONYMOUS, action, null,
                    new GatewayException(GatewayError.UNAUTHENTICATED, "A registered client certificate is required"));
        }
        if (party.kind() != PartyKind.BRANCH) {
            throw fault(party.code(), action, null,
                    new GatewayException(GatewayError.FORBIDDEN, "Only branches may use this service"));
        }
        return party;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new GatewayException(GatewayError.NOT_FOUND, "No such document");
        }
    }

    /** The submitted element as a standalone UTF-8 document, the bytes REST would have received. */
    static byte[] serialise(SubmittedDocument document) {
        if (document == null || !(document.getAny() instanceof Element element)) {
            throw new GatewayException(GatewayError.MALFORMED_INPUT,
                    "The request carries no document of urn:tw:gov:aee:exchange:v1");
        }
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(element), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new GatewayException(GatewayError.MALFORMED_INPUT, "The document cannot be serialised", e);
        }
    }

    private static DocumentStatus status(DocumentView view) {
        DocumentStatus status = new DocumentStatus();
        status.setId(view.id().toString());
        status.setDocumentNumber(view.documentNumber());
        status.setState(DocumentState.fromValue(view.state().name()));
        List<HistoryEntry> history = status.getHistory();
        for (DocumentView.DeliveryView delivery : view.deliveries() == null ? List.<DocumentView.DeliveryView>of() : view.deliveries()) {
            for (DocumentView.StateChange change : delivery.history() == null ? List.<DocumentView.StateChange>of() : delivery.history()) {
                HistoryEntry entry = new HistoryEntry();
                entry.setState(DocumentState.fromValue(change.state().name()));
                entry.setAt(calendar(change));
                entry.setRecipient(delivery.recipient());
                entry.setDetail(change.detail());
                history.add(entry);
            }
        }
        history.sort(java.util.Comparator.comparing(h -> h.getAt().toGregorianCalendar()));
        return status;
    }

    private static XMLGregorianCalendar calendar(DocumentView.StateChange change) {
        return DatatypeFactory.newDefaultInstance().newXMLGregorianCalendar(
                GregorianCalendar.from(change.at().atZone(ZoneOffset.UTC)));
    }

    private GatewayFault fault(String actor, String action, String digest, GatewayException e) {
        var problem = problems.refuse(actor, action, digest, e);
        return fault(e.error(), String.join("; ", Problems.problemList(problem)));
    }

    private GatewayFault internal(String actor, String action, String digest, RuntimeException e) {
        var problem = problems.internal(actor, action, digest, e);
        return fault(GatewayError.INTERNAL, problem.getDetail());
    }

    static GatewayFault fault(GatewayError error, String message) {
        GatewayFaultDetail detail = new GatewayFaultDetail();
        detail.setCode(error.code());
        detail.setMessage(message);
        return new GatewayFault(error.title(), detail);
    }
}
