package tw.gov.aee.gateway.tracking;

/**
 * Lifecycle of one (document, recipient) delivery (DESIGN §5). A document's state is derived from
 * its deliveries: the least advanced one, unless one was REJECTED or FAILED.
 */
public enum DeliveryState {
    /** Validated and durably stored; the branch has its tracking id. */
    ACCEPTED(0),
    /** Signed as the issuing branch and encrypted for the recipient and the archive. */
    SIGNED(1),
    /** Handed to the transport (SOAP call under way, queued, in a mailbox …). */
    DISPATCHED(2),
    /** Entered the recipient's system (its answer arrived). */
    DELIVERED(3),
    /** The recipient's signed receipt was verified and stored. */
    RECEIPTED(4),
    /** The recipient's reply to the document arrived. */
    ANSWERED(5),
    /** The order was revoked. */
    REVOKED(6),
    /** The recipient's receipt says it refused the document. */
    REJECTED(7),
    /** Retries exhausted; parked for an operator. */
    FAILED(7),
    /** No reply by the deadline. */
    OVERDUE(5);

    private final int progress;

    DeliveryState(int progress) {
        this.progress = progress;
    }

    /** How far along the main path; used to derive a document's state from its deliveries. */
    public int progress() { return progress; }

    public boolean isProblem() { return this == REJECTED || this == FAILED; }
}
