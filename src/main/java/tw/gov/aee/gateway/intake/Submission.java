package tw.gov.aee.gateway.intake;

import java.util.UUID;

import tw.gov.aee.gateway.tracking.DeliveryState;

/**
 * The answer to an accepted submission.
 *
 * @param created true when this call stored it (202); false for an identical resubmission (200)
 */
public record Submission(UUID id, String documentNumber, String documentType, DeliveryState state, boolean created) { }
