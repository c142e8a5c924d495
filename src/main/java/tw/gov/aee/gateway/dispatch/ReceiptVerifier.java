package tw.gov.aee.gateway.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.v1.Receipt;
import tw.gov.aee.gateway.contract.v1.ReceiptStatus;
import tw.gov.aee.gateway.crypto.EnvelopeException;
import tw.gov.aee.gateway.crypto.SignatureVerifier;
import tw.gov.aee.gateway.documents.DocumentReader;
import tw.gov.aee.gateway.participants.CertificateRole;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;

/**
 * Checks a recipient's receipt (DESIGN §9 "Receipt") before it counts as proof of delivery: a valid
 * CMS signature by a trusted, unrevoked certificate that is <em>the</em> signing certificate the
 * directory names for the recipient, over a Receipt for this very document, this recipient and
 * the exact envelope bytes sent. Thread-safe.
 */
public final class ReceiptVerifier {

    private final SignatureVerifier signatures;
    private final ParticipantsDirectory directory;
    private final DocumentReader reader;

    public ReceiptVerifier(SignatureVerifier signatures, ParticipantsDirectory directory, DocumentReader reader) {
        this.signatures = signatures;
        this.directory = directory;
        this.reader = reader;
    }

    /**
     * @param envelopeSha256 lower-case hex SHA-256 of the envelope bytes sent
     * @param now            when the receipt came back: the signer's certificate is judged then
     * @throws EnvelopeException {@code UNKNOWN_SIGNER} if another party signed,
     *         {@code RECEIPT_MISMATCH} if the receipt names another document, recipient or digest, or
     *         the signature's own error (bad-signature, signer-revoked, wrong-content-type …)
     * @throws GatewayException  {@code schema-invalid} etc. if the signed content is no valid Receipt
     */
    public VerifiedReceipt verify(byte[] receiptSignedData, String expectedRecipientCode, String documentId,
                                  String envelopeSha256, Instant now) {
        SignatureVerifier.VerifiedContent content = signatures.verify(receiptSignedData, now);
        X509Certificate expected;
        try {
            expected = directory.certificate(expectedRecipientCode, CertificateRole.SIGNING);
        } catch (RuntimeException e) {
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "receipt for document " + documentId + ": "
                    + expectedRecipientCode + " has no signing certificate in the participants directory", e);
        }
        if (!expected.equals(content.signer())) {
            throw new EnvelopeException(GatewayError.UNKNOWN_SIGNER, "receipt for document " + documentId
                    + " from " + expectedRecipientCode + " is signed by " + commonName(content.signer()) + " (serial "
                    + content.signer().getSerialNumber().toString(16) + "), not by " + expectedRecipientCode
                    + "'s signing certificate");
        }
        Receipt receipt = reader.readXml(content.content(), Receipt.class);
        if (!documentId.equals(receipt.getDocumentId())) {
            throw mismatch(documentId, expectedRecipientCode, "it acknowledges document " + receipt.getDocumentId());
        }
        if (receipt.getReceiver() == null || !expectedRecipientCode.equals(receipt.getReceiver().getCode())) {
            throw mismatch(documentId, expectedRecipientCode, "it names receiver "
                    + (receipt.getReceiver() == null ? "none" : receipt.getReceiver().getCode()));
        }
        if (!MessageDigest.isEqual(envelopeSha256.getBytes(StandardCharsets.US_ASCII),
                receipt.getEnvelopeSha256().getBytes(StandardCharsets.US_ASCII))) {
            throw mismatch(documentId, expectedRecipientCode, "it names envelope digest " + receipt.getEnvelopeSha256()
                    + ", the envelope sent has " + envelopeSha256);
        }
        return new VerifiedReceipt(receipt.getReceiptId(), receipt.getStatus() == ReceiptStatus.ACCEPTED,
                receipt.getErrorCode(), receipt.getReason(),
                receipt.getReceivedAt().toGregorianCalendar().toZonedDateTime().toInstant(), receiptSignedData.clone());
    }

    private static EnvelopeException mismatch(String documentId, String recipient, String what) {
        return new EnvelopeException(GatewayError.RECEIPT_MISMATCH, "receipt from " + recipient + " for document "
                + documentId + " does not match: " + what);
    }

    /** Certificates name their party in the CN (certs-sample/README.md). */
    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the full subject
        }
        return certificate.getSubjectX500Principal().getName();
    }
}
