package tw.gov.aee.gateway.crypto;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * An envelope, signature, receipt or certificate was refused. The {@link GatewayError} says which
 * of the distinct reasons applies (bad signature, unknown signer, revoked, expired, not for us,
 * tampered, wrong content type …); the message names certificates by serial, never payloads.
 */
public class EnvelopeException extends GatewayException {

    public EnvelopeException(GatewayError error, String message) {
        super(error, message);
    }

    public EnvelopeException(GatewayError error, String message, Throwable cause) {
        super(error, message, cause);
    }
}
