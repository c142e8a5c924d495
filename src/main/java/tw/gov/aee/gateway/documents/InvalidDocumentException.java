package tw.gov.aee.gateway.documents;

import java.util.List;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * A document was refused before anything was stored: not well-formed, hostile (DOCTYPE, too large,
 * too deep), not valid against the contract, or a JSON form that does not bind strictly. Carries
 * every problem found, so a caller can fix them all at once; no problem text echoes a payload.
 */
public class InvalidDocumentException extends GatewayException {

    private final List<String> problems;

    public InvalidDocumentException(GatewayError error, String message, List<String> problems) {
        super(error, message);
        this.problems = List.copyOf(problems);
    }

    public InvalidDocumentException(GatewayError error, String message, Throwable cause) {
        super(error, message, cause);
        this.problems = List.of(message);
    }

    /** Every problem found, each located (line:column or JSON path) where possible. */
    public List<String> problems() { return problems; }
}
