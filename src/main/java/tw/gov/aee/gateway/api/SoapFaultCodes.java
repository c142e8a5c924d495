package tw.gov.aee.gateway.api;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

import tw.gov.aee.gateway.contract.branch.GatewayFault;

/**
 * SOAP 1.1 fault codes (DESIGN §9 "SOAP"): a refusal of the caller's input or identity
 * (a 4xx-type error) is a {@code Client} fault, anything else stays a {@code Server} fault,
 * which is CXF's default for declared faults.
 */
class SoapFaultCodes extends AbstractPhaseInterceptor<Message> {

    SoapFaultCodes() {
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(Message message) {
        if (message.getContent(Exception.class) instanceof Fault fault
                && fault.getCause() instanceof GatewayFault gatewayFault
                && gatewayFault.getFaultInfo() != null) {
            fault.setFaultCode(isClientError(gatewayFault.getFaultInfo().getCode())
                    ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
        }
    }

    private static boolean isClientError(String code) {
        for (var error : tw.gov.aee.gateway.GatewayError.values()) {
            if (error.code().equals(code)) {
                return error.status().is4xxClientError();
            }
        }
        return false;
    }
}
