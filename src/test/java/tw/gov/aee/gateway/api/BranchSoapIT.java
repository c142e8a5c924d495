package tw.gov.aee.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.documents.InvalidDocumentException;
import tw.gov.aee.gateway.contract.branch.BranchSubmission;
import tw.gov.aee.gateway.contract.branch.DocumentState;
import tw.gov.aee.gateway.contract.branch.GatewayFault;
import tw.gov.aee.gateway.contract.branch.SubmissionResult;
import tw.gov.aee.gateway.contract.branch.SubmittedDocument;
import tw.gov.aee.gateway.intake.BodyFormat;

/** The branch SOAP service over mutual TLS with a CXF client, intake and tracking replaced by doubles. */
class BranchSoapIT extends ApiITSupport {

    BranchSubmission soapClient(String party) throws Exception {
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setServiceClass(BranchSubmission.class);
        factory.setAddress(uri("/services/branch").toString());
        BranchSubmission proxy = (BranchSubmission) factory.create();
        TLSClientParameters tls = new TLSClientParameters();
        tls.setKeyManagers(keyManagers(party).getKeyManagers());
        tls.setTrustManagers(trustManagers().getTrustManagers());
        ((HTTPConduit) ClientProxy.getClient(proxy).getConduit()).setTlsClientParameters(tls);
        return proxy;
    }

    static SubmittedDocument seizureOrder() throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(BranchRestApiIT.seizureOrder()))
                .getDocumentElement();
        SubmittedDocument document = new SubmittedDocument();
        document.setAny(root);
        return document;
    }

    @Test
    void acceptsADocumentAsTheCallingBranch() throws Exception {
        when(intake.submit(eq("TPE"), any(), eq(BodyFormat.XML))).thenReturn(BranchRestApiIT.accepted(true));

        SubmissionResult result = soapClient("TPE").submitDocument(seizureOrder());

        assertThat(result.getId()).isEqualTo(BranchRestApiIT.ID.toString());
        assertThat(result.getDocumentNumber()).isEqualTo("1100295393A");
        assertThat(result.getState()).isEqualTo(DocumentState.ACCEPTED);
        verify(intake).submit(eq("TPE"), argThat(xml -> {
            String s = new String(xml, StandardCharsets.UTF_8);
            return s.contains("EnforcementOrder") && s.contains("urn:tw:gov:aee:exchange:v1") && !s.contains("Envelope");
        }), eq(BodyFormat.XML));
    }

    @Test
    void answersAnInvalidDocumentWithAClientFaultCarryingTheCode() throws Exception {
        when(intake.submit(any(), any(), any())).thenThrow(new InvalidDocumentException(GatewayError.SCHEMA_INVALID,
                "invalid", List.of("3:14 first problem", "9:2 second problem")));

        GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> soapClient("TPE").submitDocument(seizureOrder()));

        assertThat(fault.getFaultInfo().getCode()).isEqualTo("schema-invalid");
        assertThat(fault.getFaultInfo().getMessage()).contains("first problem", "second problem");
        assertThat(lastAuditEntry()).containsEntry("actor", "TPE").containsEntry("error_code", "schema-invalid");

        HttpResponse<String> raw = rawSubmit();
        assertThat(raw.statusCode()).isEqualTo(500);
        assertThat(raw.body()).containsPattern("<faultcode[^>]*>[^<]*:Client</faultcode>").contains("schema-invalid");
    }

    @Test
    void answersAFailureOnOurSideWithAServerFault() throws Exception {
        when(intake.submit(any(), any(), any())).thenThrow(new IllegalStateException("internals"));
        HttpResponse<String> raw = rawSubmit();
        assertThat(raw.body()).containsPattern("<faultcode[^>]*>[^<]*:Server</faultcode>").contains("internal")
                .doesNotContain("internals");
    }

    @Test
    void refusesABankWithAClientFault() throws Exception {
        GatewayFault fault = catchThrowableOfType(GatewayFault.class, () -> soapClient("004").submitDocument(seizureOrder()));
        assertThat(fault.getFaultInfo().getCode()).isEqualTo("forbidden");
    }

    @Test
    void showsOnlyTheCallersOwnDocument() throws Exception {
        when(tracking.find(BranchRestApiIT.ID)).thenReturn(Optional.of(BranchRestApiIT.view("TPE")));
        assertThat(soapClient("TPE").getStatus(BranchRestApiIT.ID.toString()).getDocumentNumber()).isEqualTo("1100295393A");

        when(tracking.find(BranchRestApiIT.ID)).thenReturn(Optional.of(BranchRestApiIT.view("NTP")));
        GatewayFault fault = catchThrowableOfType(GatewayFault.class,
                () -> soapClient("TPE").getStatus(BranchRestApiIT.ID.toString()));
        assertThat(fault.getFaultInfo().getCode()).isEqualTo("forbidden");
    }

    @Test
    void refusesTheServiceWithoutAClientCertificate() throws Exception {
        HttpResponse<String> r = ApiITSupport.client(null).send(HttpRequest.newBuilder(uri("/services/branch?wsdl")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    /** The same call written by hand, to see the SOAP 1.1 fault code on the wire. */
    private HttpResponse<String> rawSubmit() throws Exception {
        String order = new String(BranchRestApiIT.seizureOrder(), StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*\\?>", "");
        String envelope = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<b:submitDocument xmlns:b=\"urn:tw:gov:aee:exchange:branch:v1\"><b:document>" + order
                + "</b:document></b:submitDocument></soap:Body></soap:Envelope>";
        return ApiITSupport.client("TPE").send(HttpRequest.newBuilder(uri("/services/branch"))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:tw:gov:aee:exchange:branch:v1:submitDocument\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
