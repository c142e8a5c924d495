package tw.gov.aee.gateway.participants;

import java.util.EnumSet;
import java.util.Set;

/**
 * How the gateway reaches a party. Banks and agencies use the first five; branches receive their
 * replies by webhook, on their broker address, or by polling the REST API.
 */
public enum Transport {
    /** The gateway calls the party's SOAP endpoint; needs an https {@code endpoint}. */
    PUSH,
    /** The party fetches from its mailbox and acknowledges with a receipt. */
    PULL,
    /** The party reads its own broker address ({@code bank.<code>.in}, {@code agency.<code>.in}). */
    BROKER,
    /** One CMS envelope per file in the party's drop folder. */
    FILE,
    /** Nothing electronic: the operator prints and posts. */
    PAPER,
    /** Branch only: the gateway posts signed JSON to the branch's https {@code endpoint}. */
    WEBHOOK,
    /** Branch only: the branch polls {@code GET /api/v1/replies}. */
    POLLING;

    private static final Set<Transport> FOR_BRANCHES = EnumSet.of(WEBHOOK, BROKER, POLLING);
    private static final Set<Transport> FOR_INSTITUTIONS_AND_AGENCIES = EnumSet.of(PUSH, PULL, BROKER, FILE, PAPER);

    /** Whether a party of this kind may use this transport. */
    public boolean allowedFor(PartyKind kind) {
        return kind == PartyKind.BRANCH ? FOR_BRANCHES.contains(this) : FOR_INSTITUTIONS_AND_AGENCIES.contains(this);
    }

    /** Whether this transport delivers to a URL of the party's, so an {@code endpoint} is needed. */
    public boolean needsEndpoint() {
        return this == PUSH || this == WEBHOOK;
    }
}
