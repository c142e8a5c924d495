package tw.gov.aee.gateway;

import java.util.Objects;

/**
 * Base of the gateway's typed exceptions: each carries the {@link GatewayError} that the API,
 * the SOAP faults and rejecting receipts report. Messages never contain payloads, keys or
 * unmasked obligor data.
 */
public class GatewayException extends RuntimeException {

    private final GatewayError error;

    public GatewayException(GatewayError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error);
    }

    public GatewayException(GatewayError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error);
    }

    public GatewayError error() { return error; }
}
