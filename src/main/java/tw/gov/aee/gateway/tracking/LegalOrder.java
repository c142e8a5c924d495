package tw.gov.aee.gateway.tracking;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The legal-order rule between documents (DESIGN §5, §9): a revocation reaches a recipient only
 * after that recipient has receipted the order it revokes; a collection, transfer or pay-over
 * order only after the recipient has answered the seizure it follows (a collection before the
 * bank said what it froze would collect blind). Pure decision, no I/O: {@code dispatch.LegalOrderGate}
 * reads the states and {@link DeliveryStore} releases the waiting deliveries when a predecessor
 * gets far enough.
 */
public final class LegalOrder {

    /** What kind of successor waits: it decides how far the predecessor must have got. */
    public enum Successor {
        /** A SeizureRevocation: needs the revoked order receipted. */
        REVOCATION,
        /** A COLLECTION, TRANSFER or PAY_OVER order: needs the seizure's reply. */
        FOLLOW_UP;

        /** The successor kind of a document of this type ({@code document.document_type}). */
        public static Successor of(String documentType) {
            return "SeizureRevocation".equals(documentType) ? REVOCATION : FOLLOW_UP;
        }
    }

    /**
     * Predecessor states that let a revocation go: the recipient has the predecessor in its system
     * and has said so (RECEIPTED and what follows it). REJECTED counts too: the recipient received
     * the predecessor and refused it, so nothing can overtake it any more. FAILED does not: an
     * operator replays the predecessor, and the successor waits for that.
     */
    static final Set<DeliveryState> RELEASING = EnumSet.of(DeliveryState.RECEIPTED, DeliveryState.ANSWERED,
            DeliveryState.OVERDUE, DeliveryState.REVOKED, DeliveryState.REJECTED);

    /**
     * Predecessor states that let a follow-up order go: the bank answered the seizure. RECEIPTED
     * and OVERDUE do not (no answer yet: the follow-up waits, visibly held, for the late reply);
     * REVOKED and REJECTED do, as no answer can come any more and the bank must see the follow-up
     * to refuse it in turn.
     */
    static final Set<DeliveryState> RELEASING_FOLLOW_UP = EnumSet.of(DeliveryState.ANSWERED, DeliveryState.REVOKED,
            DeliveryState.REJECTED);

    private LegalOrder() { }

    /** What the gate does with a successor's delivery. */
    public enum Decision {
        /** Dispatch now. */
        PASS,
        /** Stay SIGNED until the predecessor's delivery to the same recipient is released. */
        HOLD
    }

    /** As {@link #decide(Successor, Optional)} for a revocation. */
    public static Decision decide(Optional<DeliveryState> predecessor) {
        return decide(Successor.REVOCATION, predecessor);
    }

    /**
     * @param predecessor the state of the predecessor's delivery to the same recipient; empty when
     *        the gateway never carried it (a paper-era order) or did not send it to this recipient
     */
    public static Decision decide(Successor successor, Optional<DeliveryState> predecessor) {
        return predecessor.isEmpty() || releases(successor, predecessor.get()) ? Decision.PASS : Decision.HOLD;
    }

    /** Whether a delivery reaching {@code state} lets some successor waiting for it go. */
    public static boolean releases(DeliveryState state) {
        return RELEASING.contains(state);
    }

    /** Whether a delivery reaching {@code state} lets a successor of this kind go. */
    public static boolean releases(Successor successor, DeliveryState state) {
        return (successor == Successor.REVOCATION ? RELEASING : RELEASING_FOLLOW_UP).contains(state);
    }
}
