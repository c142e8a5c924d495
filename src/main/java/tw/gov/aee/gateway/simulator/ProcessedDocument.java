package tw.gov.aee.gateway.simulator;

import java.time.Instant;

/**
 * A document a simulated party accepted and processed (its effect happened once).
 *
 * @param documentType   the contract root, e.g. {@code EnforcementOrder}
 * @param documentNumber the 文號, or the batch reference of a batch document
 * @param receivedAt     when the envelope entered the party's system
 */
public record ProcessedDocument(String documentId, String documentType, String documentNumber, Instant receivedAt) { }
