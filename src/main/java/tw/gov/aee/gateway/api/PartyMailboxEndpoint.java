package tw.gov.aee.gateway.api;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.party.GatewayFaultDetail;
import tw.gov.aee.gateway.contract.party.PartyMailbox;
import tw.gov.aee.gateway.contract.party.PendingDocument;
import tw.gov.aee.gateway.crypto.CmsEnvelope;
import tw.gov.aee.gateway.dispatch.PullMailbox;
import tw.gov.aee.gateway.participants.PartyKind;
import tw.gov.aee.gateway.replies.ReplyIntake;

/**
 * The banks' and agencies' SOAP mailbox ({@code party-exchange.wsdl}, {@code PartyMailbox}) at
 * {@code /services/mailbox}: the caller is the party of its TLS client certificate, as for the
 * branch API, and sees only its own deliveries. Refusals are {@link GatewayFault}s with the
 * error code and an audit entry; {@link SoapFaultCodes} makes 4xx-type codes Client faults.
 * {@code submitReply} takes a bank's seizure reply ({@link ReplyIntake}, channel {@code SOAP}) and
 * answers with the gateway's signed receipt — accepted or rejecting: a rejection is the answer, not
 * a fault (DESIGN §9 "Receipt"); only banks reply, and only an internal error is a Server fault (the
 * bank sends again later, an identical resend is answered with the same receipt).
 * {@code submitReceipt} answers {@code not-supported}: a receipt for a pulled document travels
 * with {@code acknowledge}.
 */
class PartyMailboxEndpoint implements PartyMailbox {

    private final PullMailbox mailbox;
    private final Problems problems;
    private final ReplyIntake replies;

    PartyMailboxEndpoint(PullMailbox mailbox, Problems problems, ReplyIntake replies) {
        this.mailbox = mailbox;
        this.problems = problems;
        this.replies = replies;
    }

    @Override
    public List<PendingDocument> fetchPending(int max) throws GatewayFault {
        Party party = callingParty("mailbox-fetch-refused");
        try {
            if (max < 1 || max > PullMailbox.MAX_FETCH) {
                throw new GatewayException(GatewayError.SCHEMA_INVALID, "max must be between 1 and " + PullMailbox.MAX_FETCH);
            }
            return mailbox.fetch(party.code(), max).stream().map(p -> {
                PendingDocument d = new PendingDocument();
                d.setDocumentId(p.documentId().toString());
                d.setEnvelope(p.envelope());
                return d;
            }).toList();
        } catch (GatewayException e) {
            throw fault(party.code(), "mailbox-fetch-refused", null, e);
        } catch (RuntimeException e) {
            throw internal(party.code(), "mailbox-fetch-refused", null, e);
        }
    }

    @Override
    public void acknowledge(String documentId, byte[] receipt) throws GatewayFault {
        Party party = callingParty("mailbox-acknowledge-refused");
        String digest = receipt == null ? null : CmsEnvelope.sha256Hex(receipt);
        try {
            mailbox.acknowledge(party.code(), documentId, receipt);
        } catch (GatewayException e) {
            throw fault(party.code(), "mailbox-acknowledge-refused", digest, e);
        } catch (RuntimeException e) {
            throw internal(party.code(), "mailbox-acknowledge-refused", digest, e);
        }
    }

    @Override
    public byte[] submitReply(String replyId, byte[] envelope) throws GatewayFault {
        Party party = callingParty("mailbox-reply-refused");
        String digest = envelope == null ? null : CmsEnvelope.sha256Hex(envelope);
        if (party.kind() != PartyKind.BANK) {
            throw fault(party.code(), "mailbox-reply-refused", digest,
                    new GatewayException(GatewayError.FORBIDDEN, "Only banks submit seizure replies"));
        }
        if (envelope == null || envelope.length == 0) {
            throw fault(party.code(), "mailbox-reply-refused", null,
                    new GatewayException(GatewayError.MALFORMED_INPUT, "The reply envelope is empty"));
        }
        try {
            return replies.accept("SOAP", party.code(), replyId, envelope).receipt();
        } catch (GatewayException e) {
            throw fault(party.code(), "mailbox-reply-refused", digest, e);
        } catch (RuntimeException e) {
            throw internal(party.code(), "mailbox-reply-refused", digest, e);
        }
    }

    @Override
    public void submitReceipt(byte[] receipt) throws GatewayFault {
        Party party = callingParty("mailbox-receipt-refused");
        throw fault(party.code(), "mailbox-receipt-refused", null, new GatewayException(GatewayError.NOT_SUPPORTED,
                "Receipts for documents fetched from the mailbox travel with acknowledge; others are not taken here yet"));
    }

    private Party callingParty(String action) throws GatewayFault {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Party party)) {
            // The security filter answers 401 before CXF runs; this guards a misconfiguration.
            throw fault(Problems.ANONYMOUS, action, null,
                    new GatewayException(GatewayError.UNAUTHENTICATED, "A registered client certificate is required"));
        }
        if (party.kind() != PartyKind.BANK && party.kind() != PartyKind.AGENCY) {
            throw fault(party.code(), action, null,
                    new GatewayException(GatewayError.FORBIDDEN, "Only banks and agencies have a mailbox"));
        }
        return party;
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
        // the contract allows 500 characters
        detail.setMessage(message.length() > 500 ? message.substring(0, 499) + "…" : message);
        return new GatewayFault(error.title(), detail);
    }
}
