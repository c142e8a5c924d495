package tw.gov.aee.gateway.api;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.contract.party.PartyMailboxService;
import tw.gov.aee.gateway.dispatch.PullMailbox;
import tw.gov.aee.gateway.replies.ReplyIntake;

/**
 * Publishes the banks' and agencies' mailbox under the CXF servlet: {@code /services/mailbox}
 * ({@code PartyMailbox} of {@code party-exchange.wsdl}), behind the same client-certificate
 * authentication as {@code /services/branch}.
 */
@Configuration(proxyBeanMethods = false)
class PartyMailboxSoapConfiguration {

    static final String ADDRESS = "/mailbox";

    @Bean
    EndpointImpl partyMailboxEndpoint(Bus bus, PullMailbox mailbox, Problems problems, ReplyIntake replies) {
        EndpointImpl endpoint = new EndpointImpl(bus, new PartyMailboxEndpoint(mailbox, problems, replies));
        endpoint.setWsdlLocation("classpath:schemas/party-exchange.wsdl");
        endpoint.setServiceName(PartyMailboxService.SERVICE);
        endpoint.setEndpointName(PartyMailboxService.PartyMailboxPort);
        endpoint.getOutFaultInterceptors().add(new SoapFaultCodes());
        endpoint.publish(ADDRESS);
        return endpoint;
    }
}
