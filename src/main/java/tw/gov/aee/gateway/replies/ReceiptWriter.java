package tw.gov.aee.gateway.replies;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.UUID;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import org.springframework.stereotype.Component;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.contract.v1.PartyKind;
import tw.gov.aee.gateway.contract.v1.PartyRef;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.ReceiptStatus;
import tw.gov.aee.gateway.crypto.KeyRing;
import tw.gov.aee.gateway.documents.DocumentReader;

/**
 * The gateway's own signed Receipt for what a party sent it (DESIGN §9 "Receipt"): the id of what
 * was received, the SHA-256 of the exact envelope bytes, when it entered the gateway, accepted or
 * rejected with an error code — a CMS SignedData by the gateway's signing key, not encrypted.
 */
@Component
public class ReceiptWriter {

    /** How the gateway names itself in receipts. */
    public static final String GATEWAY_CODE = "AEEGW";

    private final KeyRing keys;
    private final DocumentReader reader;
    private final DatatypeFactory datatypes;

    public ReceiptWriter(KeyRing keys, DocumentReader reader) {
        this.keys = keys;
        this.reader = reader;
        try {
            this.datatypes = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param documentId what the sender called the thing received (a reply's own id); a receipt
     *                   for something without a usable id names the digest's first 32 hex digits
     * @param rejection  null for ACCEPTED, else the reason
     */
    public byte[] sign(String documentId, String envelopeSha256, Instant receivedAt, GatewayError rejection,
                       String reason) {
        Receipt r = new Receipt();
        r.setReceiptId(UUID.randomUUID().toString());
        r.setDocumentId(documentId);
        r.setEnvelopeSha256(envelopeSha256);
        GregorianCalendar at = GregorianCalendar.from(receivedAt.atZone(ZoneOffset.ofHours(8)));
        r.setReceivedAt(datatypes.newXMLGregorianCalendar(at));
        PartyRef me = new PartyRef();
        me.setCode(GATEWAY_CODE);
        me.setKind(PartyKind.GATEWAY);
        r.setReceiver(me);
        if (rejection == null) {
            r.setStatus(ReceiptStatus.ACCEPTED);
        } else {
            r.setStatus(ReceiptStatus.REJECTED);
            r.setErrorCode(rejection.code());
            r.setReason(reason == null ? rejection.title() : shorten(reason));
        }
        return keys.gatewaySigner().sign(reader.toXml(r));
    }

    private static String shorten(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400);
    }
}
