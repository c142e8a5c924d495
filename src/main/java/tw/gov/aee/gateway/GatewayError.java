package tw.gov.aee.gateway;

import org.springframework.http.HttpStatus;

/**
 * Every error the gateway reports to a party, with a code that never changes once published.
 *
 * <p>The code is what integrators key on (it is the last segment of the problem+json {@code type}
 * and the {@code errorCode} of a rejecting Receipt); the title is for people. {@code retryable}
 * says whether sending the same thing again later can succeed.
 */
public enum GatewayError {

    // ---- input: XML / JSON ----
    /** The body is not well-formed XML or JSON. */
    MALFORMED_INPUT("malformed-input", "The document is not well-formed", HttpStatus.BAD_REQUEST, false),
    /** The XML carries a DOCTYPE; DTDs are refused outright (XXE, entity expansion). */
    DOCTYPE_FORBIDDEN("doctype-forbidden", "DOCTYPE declarations are not accepted", HttpStatus.BAD_REQUEST, false),
    /** The body exceeds the configured size limit. */
    INPUT_TOO_LARGE("input-too-large", "The document exceeds the size limit", HttpStatus.PAYLOAD_TOO_LARGE, false),
    /** The XML or JSON nests deeper than the configured limit. */
    INPUT_TOO_DEEP("input-too-deep", "The document nests too deeply", HttpStatus.BAD_REQUEST, false),
    /** Comments or processing instructions inside a document (they can split a value unseen by the XSD). */
    MARKUP_FORBIDDEN("markup-forbidden", "Comments and processing instructions are not accepted", HttpStatus.BAD_REQUEST, false),
    /** The document does not conform to its XSD. */
    SCHEMA_INVALID("schema-invalid", "The document does not conform to its schema", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** The JSON form has an unknown property, a duplicate key, a wrong type or a fraction. */
    JSON_INVALID("json-invalid", "The JSON document is not acceptable", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** The media type is neither XML nor JSON. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, false),

    // ---- domain rules beyond the XSD ----
    /** A national ID or resident-certificate number fails its format or checksum. */
    INVALID_NATIONAL_ID("invalid-national-id", "Invalid national ID or resident certificate number", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** An 8-digit unified business number fails its checksum. */
    INVALID_BUSINESS_NUMBER("invalid-business-number", "Invalid unified business number", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** An institution code is malformed or not in the participants directory. */
    UNKNOWN_INSTITUTION("unknown-institution", "Unknown financial institution code", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** A party code is not in the participants directory (or not of the expected kind). */
    UNKNOWN_PARTY("unknown-party", "Unknown party code", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** A ROC-calendar (民國) date cannot be read or does not exist. */
    INVALID_ROC_DATE("invalid-roc-date", "Invalid ROC-calendar date", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** An amount is not a positive whole number of NT dollars. */
    INVALID_AMOUNT("invalid-amount", "Amounts must be positive whole NT dollars", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** A case number does not follow the 年…字第…號 form. */
    INVALID_CASE_NUMBER("invalid-case-number", "Invalid case number", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** A document number does not follow ROC year + serial + kind letter. */
    INVALID_DOCUMENT_NUMBER("invalid-document-number", "Invalid document number", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** Digits outside ASCII 0-9 (full-width or other scripts). */
    NON_ASCII_DIGITS("non-ascii-digits", "Only ASCII digits are accepted", HttpStatus.UNPROCESSABLE_ENTITY, false),

    // ---- envelope: CMS signature and encryption ----
    /** The envelope is not a CMS structure of the expected kind. */
    ENVELOPE_MALFORMED("envelope-malformed", "The envelope is not a valid CMS structure", HttpStatus.BAD_REQUEST, false),
    /** The envelope is not AuthEnvelopedData/AES-256-GCM, or the inner content is not SignedData. */
    WRONG_CONTENT_TYPE("wrong-content-type", "The envelope has the wrong content type or algorithm", HttpStatus.BAD_REQUEST, false),
    /** No recipient in the envelope matches our key. */
    NOT_FOR_US("not-for-us", "The envelope is not encrypted for this recipient", HttpStatus.BAD_REQUEST, false),
    /** Decryption failed its authentication tag: the envelope was altered. */
    TAMPERED("tampered", "The envelope was altered in transit", HttpStatus.BAD_REQUEST, false),
    /** The signature does not verify against the signer's certificate. */
    BAD_SIGNATURE("bad-signature", "The signature does not verify", HttpStatus.BAD_REQUEST, false),
    /** The signer's certificate does not chain to a configured trust anchor, or is absent. */
    UNKNOWN_SIGNER("unknown-signer", "The signer's certificate is not trusted", HttpStatus.FORBIDDEN, false),
    /** The signer's certificate is listed in the CRL. */
    SIGNER_REVOKED("signer-revoked", "The signer's certificate is revoked", HttpStatus.FORBIDDEN, false),
    /** The signer's certificate is not valid at the time of reception. */
    SIGNER_EXPIRED("signer-expired", "The signer's certificate is expired or not yet valid", HttpStatus.FORBIDDEN, false),
    /** The signer's certificate may not sign (key usage). */
    SIGNER_NOT_AUTHORISED("signer-not-authorised", "The signer's certificate may not sign documents", HttpStatus.FORBIDDEN, false),
    /** The claimed signing time lies in the future. */
    SIGNING_TIME_IN_FUTURE("signing-time-in-future", "The claimed signing time lies in the future", HttpStatus.BAD_REQUEST, false),
    /** A receipt does not match the envelope it acknowledges (id or digest). */
    RECEIPT_MISMATCH("receipt-mismatch", "The receipt does not match the envelope", HttpStatus.UNPROCESSABLE_ENTITY, false),

    // ---- participants directory (added by participants/) ----
    /**
     * The participants directory file (or a certificate it names) cannot be read or breaks a
     * rule; the gateway keeps the last valid directory in force. An operator must fix the file.
     */
    DIRECTORY_INVALID("directory-invalid", "The participants directory is invalid", HttpStatus.INTERNAL_SERVER_ERROR, true),

    // ---- who may do what; the document's own lifecycle ----
    /** No client certificate (or credential) that names a known party. */
    UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED, false),
    /** The authenticated party may not submit as, or read the data of, another party. */
    FORBIDDEN("forbidden", "Not permitted for this party", HttpStatus.FORBIDDEN, false),
    /** No such document (or not visible to the caller). */
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND, false),
    /** The (branch, document number) was already accepted with different content. */
    DUPLICATE_CONFLICT("duplicate-conflict", "Document number already used with different content", HttpStatus.CONFLICT, false),
    /** The recipient's receipt says it rejected the envelope. */
    RECIPIENT_REJECTED("recipient-rejected", "The recipient rejected the document", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** The recipient could not be reached or answered with a fault; delivery is retried. */
    DELIVERY_FAILED("delivery-failed", "Delivery to the recipient failed", HttpStatus.BAD_GATEWAY, true),

    // ---- operators: dead letters and paper (issue #5, ops) ----
    /** The dead letter was replayed already; replaying it again would send the document twice. */
    ALREADY_REPLAYED("already-replayed", "The dead letter was already replayed", HttpStatus.CONFLICT, false),
    /** The delivery is no longer in the state the operation needs (e.g. replaying a delivery that is not FAILED). */
    WRONG_STATE("wrong-state", "The delivery is not in a state that allows this", HttpStatus.CONFLICT, false),
    /** The posting of this paper copy was already confirmed, with other details. */
    ALREADY_CONFIRMED("already-confirmed", "The posting was already confirmed", HttpStatus.CONFLICT, false),
    /** An operator request body is missing a field or has an impossible value (a posting time in the future). */
    INVALID_REQUEST("invalid-request", "The request is not acceptable", HttpStatus.UNPROCESSABLE_ENTITY, false),

    // ---- replies in (issue #6) ----
    /** A reply names an order the gateway never sent. */
    UNKNOWN_ORDER("unknown-order", "The reply matches no order", HttpStatus.UNPROCESSABLE_ENTITY, false),
    /** A reply answers an order that was not addressed to the replying bank. */
    WRONG_RECIPIENT("wrong-recipient", "The order was not addressed to this bank", HttpStatus.FORBIDDEN, false),
    /** The reply is signed by another party than the bank that sent it. */
    WRONG_SIGNER("wrong-signer", "The reply is not signed by the sending bank", HttpStatus.FORBIDDEN, false),
    /** The same reply id with other bytes, or the same content under a new id. */
    REPLAY("replay", "The reply replays an earlier one", HttpStatus.CONFLICT, false),
    // ---- pull mailbox (issue #5) ----
    /**
     * The operation exists in the contract but the gateway does not offer it yet (e.g.
     * {@code PartyMailbox.submitReceipt}); sending it again later may succeed.
     */
    NOT_SUPPORTED("not-supported", "The operation is not supported yet", HttpStatus.NOT_IMPLEMENTED, true),
    // ---- resilience: circuit breaker per recipient ----
    /**
     * The recipient's circuit breaker is open after repeated failures: the push was not attempted
     * and the delivery is tried again later; not a failed attempt of that delivery.
     */
    RECIPIENT_UNAVAILABLE("recipient-unavailable", "The recipient is unavailable; delivery deferred",
            HttpStatus.SERVICE_UNAVAILABLE, true),

    // ---- reply policies: drafted revocations, deadlines (issue #6) ----
    /** The drafted revocation is no longer waiting for approval (approved or discarded already). */
    REVOCATION_NOT_PENDING("revocation-not-pending", "The drafted revocation is not waiting for approval",
            HttpStatus.CONFLICT, false),

    // ---- reply routing (issue #6: route to the branch, quarantine for operators) ----

    /**
     * A query parameter is missing or malformed, e.g. {@code since} of {@code GET /api/v1/replies}
     * that is no ISO-8601 instant, or a {@code limit} out of range.
     */
    INVALID_QUERY("invalid-query", "A query parameter is missing or malformed", HttpStatus.BAD_REQUEST, false),

    // ---- server side ----
    /** Something failed on our side; the caller may try again. */
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR, true);

    private final String code;
    private final String title;
    private final HttpStatus status;
    private final boolean retryable;

    GatewayError(String code, String title, HttpStatus status, boolean retryable) {
        this.code = code;
        this.title = title;
        this.status = status;
        this.retryable = retryable;
    }

    public String code() { return code; }
    public String title() { return title; }
    public HttpStatus status() { return status; }
    public boolean retryable() { return retryable; }
}
