package tw.gov.aee.gateway.dispatch;

import java.time.Instant;

import tw.gov.aee.gateway.tracking.DeliveryState;
import tw.gov.aee.gateway.tracking.DeliveryStore.ReceiptRecord;
import tw.gov.aee.gateway.tracking.DeliveryStore.Step;

/**
 * A recipient's receipt whose signature, signer and content matched the delivery it acknowledges.
 *
 * @param accepted     the recipient took the document; if not, {@code errorCode} and {@code reason} say why
 * @param receivedAt   when the envelope entered the recipient's system, in its own words
 *                     (Electronic Signatures Act §9)
 * @param signedReceipt the CMS SignedData exactly as received: the evidence to keep
 */
public record VerifiedReceipt(String receiptId, boolean accepted, String errorCode, String reason, Instant receivedAt,
                              byte[] signedReceipt) {

    /** The step this receipt settles a delivery with: RECEIPTED, or REJECTED by {@code party} with its code. */
    Step settles(String party, Instant at) {
        return new Step(accepted ? DeliveryState.RECEIPTED : DeliveryState.REJECTED, at,
                accepted ? "receipt " + receiptId + " verified" : "rejected by " + party + ": " + errorCode + " " + reason,
                null);
    }

    /** For a history entry: nothing if accepted, else " (it says rejected: code reason)". */
    String saysRejected() {
        return accepted ? "" : " (it says rejected: " + errorCode + " " + reason + ")";
    }

    /** The receipt as the delivery row keeps it. */
    ReceiptRecord record() {
        return new ReceiptRecord(signedReceipt, receiptId, accepted ? "ACCEPTED" : "REJECTED", receivedAt,
                accepted ? null : errorCode);
    }
}
