package tw.gov.aee.gateway.participants;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One party of the participants directory, as validated on load; immutable.
 *
 * @param code                  branch code (TPE), 3-digit bank head-office code (004) or agency code (NHIA)
 * @param category              the agency's category; null unless {@code kind} is AGENCY
 * @param certificates          null only for a PAPER party, which exchanges nothing electronically
 * @param endpoint              https URL for PUSH and WEBHOOK; null for every other transport
 * @param draftNumberRange      branches only (else null): serials for gateway-drafted documents
 * @param autoSendRevocations   branches only (else false): whether gateway-drafted revocations go
 *                              out at once or wait for the branch to confirm
 */
public record Participant(
        String code,
        PartyKind kind,
        String name,
        String nameEn,
        AgencyCategory category,
        CertificatePaths certificates,
        Transport transport,
        URI endpoint,
        Set<DocumentType> acceptsElectronically,
        boolean paperFallback,
        NumberRange draftNumberRange,
        boolean autoSendRevocations) {

    public Participant {
        // enum order, so that logs and API output list document types the same way every time
        acceptsElectronically = acceptsElectronically.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(acceptsElectronically));
    }

    /** Whether the party takes this document type electronically (else it goes on paper, if at all). */
    public boolean accepts(DocumentType type) {
        return acceptsElectronically.contains(type);
    }

    public boolean isBranch() { return kind == PartyKind.BRANCH; }
    public boolean isBank() { return kind == PartyKind.BANK; }
    public boolean isAgency() { return kind == PartyKind.AGENCY; }
}
