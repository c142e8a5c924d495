package tw.gov.aee.gateway.tracking;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The legal-order rule between documents (DESIGN §5, §9): a revocation, or a collection, transfer
 * or pay-over order, reaches a recipient only after that recipient has receipted the document it
 * revokes or follows. Pure decision, no I/O: {@code dispatch.LegalOrderGate} reads the states and
 * {@link DeliveryStore} releases the waiting deliveries when a predecessor gets this far.
 */
public final class LegalOrder {

    /**
     * Predecessor states that let a successor go: the recipient has the predecessor in its system
     * and has said so (RECEIPTED and what follows it). REJECTED counts too: the recipient received
     * the predecessor and refused it, so nothing can overtake it any more. FAILED does not: an
     * operator replays the predecessor, and the successor waits for that.
     */
    static final Set<DeliveryState> RELEASING = EnumSet.of(DeliveryState.RECEIPTED, DeliveryState.ANSWERED,
            DeliveryState.OVERDUE, DeliveryState.REVOKED, DeliveryState.REJECTED);

    private LegalOrder() { }

    /** What the gate does with a successor's delivery. */
    public enum Decision {
        /** Dispatch now. */
        PASS,
        /** Stay SIGNED until the predecessor's delivery to the same recipient is released. */
        HOLD
    }

    /**
     * @param predecessor the state of the predecessor's delivery to the same recipient; empty when
     *        the gateway never carried it (a paper-era order) or did not send it to this recipient
     */
    public static Decision decide(Optional<DeliveryState> predecessor) {
        return predecessor.isEmpty() || releases(predecessor.get()) ? Decision.PASS : Decision.HOLD;
    }

    /** Whether a delivery reaching {@code state} lets the deliveries waiting for it go. */
    public static boolean releases(DeliveryState state) {
        return RELEASING.contains(state);
    }
}
