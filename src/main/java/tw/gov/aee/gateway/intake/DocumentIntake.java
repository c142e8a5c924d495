package tw.gov.aee.gateway.intake;

import org.springframework.stereotype.Service;

/**
 * Accepts a branch's document: reads it (hardened), checks the domain rules, checks the branch
 * submits as itself, and stores it with one delivery per recipient and the outbox messages that
 * start dispatch — all in one transaction — before answering with its tracking id.
 */
@Service
public class DocumentIntake {

    /**
     * @param branchCode the authenticated branch (from its client certificate)
     * @throws tw.gov.aee.gateway.documents.InvalidDocumentException 400/413/422 with every problem
     * @throws tw.gov.aee.gateway.GatewayException FORBIDDEN when the document's issuing branch is
     *         not {@code branchCode}; DUPLICATE_CONFLICT when the number was used with other content
     */
    public Submission submit(String branchCode, byte[] body, BodyFormat format) {
        throw new UnsupportedOperationException("being implemented");
    }
}
