package tw.gov.aee.gateway.tracking;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything a branch may see of one of its documents: its state (derived from the deliveries),
 * every delivery with its own history and receipt.
 *
 * @param caseNumbers every case the document covers (an order may cover several)
 */
public record DocumentView(UUID id, String branch, String documentNumber, String documentType, String kind,
                           String caseNumber, List<String> caseNumbers, DeliveryState state, Instant acceptedAt,
                           List<DeliveryView> deliveries) {

    /**
     * One (document, recipient) delivery.
     *
     * @param role ADDRESSEE or COPY (副知)
     */
    public record DeliveryView(String recipient, String recipientKind, String role, String transport,
                               DeliveryState state, int attempts, String lastError, String envelopeSha256,
                               ReceiptView receipt, List<StateChange> history) { }

    /** The recipient's verified receipt. */
    public record ReceiptView(String receiptId, String status, String errorCode, Instant receivedAt) { }

    /** One transition, with when it happened. */
    public record StateChange(DeliveryState state, Instant at, String detail) { }
}
