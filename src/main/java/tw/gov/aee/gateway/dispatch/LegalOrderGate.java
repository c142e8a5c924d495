package tw.gov.aee.gateway.dispatch;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tw.gov.aee.gateway.tracking.DeliveryStore;
import tw.gov.aee.gateway.tracking.DeliveryStore.Predecessor;
import tw.gov.aee.gateway.tracking.LegalOrder;

/**
 * The database gate on (order, recipient) (DESIGN §9 "Legal order"): asked by the signing stage
 * before a delivery is passed on. Queue order cannot give this guarantee — a redelivered order
 * comes back after its revocation — so the decision reads the predecessor's delivery to the same
 * recipient, locked, in the transaction that moves the successor to SIGNED.
 */
@Component
public class LegalOrderGate {

    private final DeliveryStore store;

    public LegalOrderGate(DeliveryStore store) {
        this.store = store;
    }

    /**
     * @return the predecessor's delivery this delivery must wait for; empty when it may go (no
     *         predecessor known to the gateway, or the recipient has receipted it — answered it, for a follow-up order)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Predecessor> blocking(long deliveryId) {
        Optional<Predecessor> p = store.lockPredecessor(deliveryId);
        return LegalOrder.decide(p.map(Predecessor::successor).orElse(LegalOrder.Successor.REVOCATION),
                p.map(Predecessor::state)) == LegalOrder.Decision.HOLD ? p : Optional.empty();
    }
}
