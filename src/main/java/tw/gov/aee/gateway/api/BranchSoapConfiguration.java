package tw.gov.aee.gateway.api;

import javax.xml.namespace.QName;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tw.gov.aee.gateway.contract.branch.BranchSubmissionService;
import tw.gov.aee.gateway.intake.DocumentIntake;
import tw.gov.aee.gateway.tracking.DocumentTracking;

/**
 * Publishes the branch SOAP service under the CXF servlet ({@code cxf.path}, default
 * {@code /services}): {@code /services/branch}. The contract's WSDL is served as written, with
 * the address rewritten to where it is published.
 */
@Configuration(proxyBeanMethods = false)
class BranchSoapConfiguration {

    static final String ADDRESS = "/branch";

    @Bean
    EndpointImpl branchSubmissionEndpoint(Bus bus, DocumentIntake intake, DocumentTracking tracking, Problems problems) {
        EndpointImpl endpoint = new EndpointImpl(bus, new BranchSubmissionEndpoint(intake, tracking, problems));
        endpoint.setWsdlLocation("classpath:schemas/branch-submission.wsdl");
        endpoint.setServiceName(BranchSubmissionService.SERVICE);
        endpoint.setEndpointName(new QName(BranchSubmissionService.SERVICE.getNamespaceURI(), "BranchSubmissionPort"));
        endpoint.getOutFaultInterceptors().add(new SoapFaultCodes());
        endpoint.publish(ADDRESS);
        return endpoint;
    }
}
