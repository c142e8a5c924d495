package tw.gov.aee.gateway.tracking;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/** Read side of the lifecycle: documents with their deliveries and histories. */
@Service
public class DocumentTracking {

    public Optional<DocumentView> find(UUID id) {
        throw new UnsupportedOperationException("being implemented");
    }

    public Optional<DocumentView> findByNumber(String branch, String documentNumber) {
        throw new UnsupportedOperationException("being implemented");
    }

    /** Every document of the branch that covers the case. */
    public List<DocumentView> findByCase(String branch, String caseNumber) {
        throw new UnsupportedOperationException("being implemented");
    }

    public Map<DeliveryState, Long> countDeliveriesByState() {
        throw new UnsupportedOperationException("being implemented");
    }
}
