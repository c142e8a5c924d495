package tw.gov.aee.gateway.api;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;


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
        if (message.getContent(Exception.class) instanceof Fault fault) {
            String code = code(fault.getCause());
            if (code != null) {
                fault.setFaultCode(isClientError(code) ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
            }
        }
    }

    /** The error code of either contract's GatewayFault (branch service, party mailbox). */
    private static String code(Throwable cause) {
        if (cause instanceof tw.gov.aee.gateway.contract.branch.GatewayFault f && f.getFaultInfo() != null) {
            return f.getFaultInfo().getCode();
        }
        if (cause instanceof tw.gov.aee.gateway.contract.party.GatewayFault f && f.getFaultInfo() != null) {
            return f.getFaultInfo().getCode();
        }
        return null;
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
