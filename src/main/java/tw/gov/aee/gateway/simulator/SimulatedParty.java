package tw.gov.aee.gateway.simulator;

import tw.gov.aee.gateway.GatewayException;
import tw.gov.aee.gateway.contract.party.DocumentReceiver;
import tw.gov.aee.gateway.contract.party.GatewayFault;
import tw.gov.aee.gateway.contract.party.GatewayFaultDetail;

/**
 * A PUSH party's SOAP face: the {@code DocumentReceiver} the gateway calls, handing each envelope
 * to the party's {@link SimulatedRecipient}; its signed receipt is the response, its refusals are
 * {@link GatewayFault}s with the error code.
 */
final class SimulatedParty implements DocumentReceiver {

    private final SimulatedRecipient recipient;

    SimulatedParty(SimulatedRecipient recipient) {
        this.recipient = recipient;
    }

    @Override
    public byte[] deliverDocument(String documentId, byte[] envelope) throws GatewayFault {
        try {
            return recipient.receive(documentId, envelope);
        } catch (GatewayException e) {
            GatewayFaultDetail detail = new GatewayFaultDetail();
            detail.setCode(e.error().code());
            detail.setMessage(e.getMessage());
            throw new GatewayFault(e.getMessage(), detail);
        }
    }
}
