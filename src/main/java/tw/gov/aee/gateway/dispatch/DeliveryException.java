package tw.gov.aee.gateway.dispatch;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * A push did not bring back an answer: the recipient was unreachable, timed out or answered with
 * a SOAP fault. Always {@link GatewayError#DELIVERY_FAILED} (retryable); the message names the
 * endpoint and the cause, never the envelope.
 */
public class DeliveryException extends GatewayException {

    public DeliveryException(String message, Throwable cause) {
        super(GatewayError.DELIVERY_FAILED, message, cause);
    }
}
