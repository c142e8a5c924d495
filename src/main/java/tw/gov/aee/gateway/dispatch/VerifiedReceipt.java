package tw.gov.aee.gateway.dispatch;

import java.time.Instant;

/**
 * A recipient's receipt whose signature, signer and content matched the delivery it acknowledges.
 *
 * @param accepted     the recipient took the document; if not, {@code errorCode} and {@code reason} say why
 * @param receivedAt   when the envelope entered the recipient's system, in its own words
 *                     (Electronic Signatures Act §9)
 * @param signedReceipt the CMS SignedData exactly as received: the evidence to keep
 */
public record VerifiedReceipt(String receiptId, boolean accepted, String errorCode, String reason, Instant receivedAt,
                              byte[] signedReceipt) { }
