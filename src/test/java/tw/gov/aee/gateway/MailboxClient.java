package tw.gov.aee.gateway;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;

import tw.gov.aee.gateway.contract.party.PartyMailbox;
import tw.gov.aee.gateway.contract.party.PartyMailboxService;
import tw.gov.aee.gateway.crypto.CmsSigner;
import tw.gov.aee.gateway.crypto.KeyMaterial;

/**
 * A bank or agency calling the gateway's mailbox ({@code /services/mailbox}) over mutual TLS with
 * its sample client certificate, and writing receipts as a party would (signed with any party's key).
 */
public final class MailboxClient {

    private static final char[] PASSWORD = "sample-only".toCharArray();

    private MailboxClient() { }

    public static PartyMailbox as(String party, int port) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(Path.of("certs-sample/parties/" + party + "/tls-client.p12")), PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(Path.of("certs-sample/ca/truststore.p12")));
            JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
            factory.setBus(new CXFBusFactory().createBus());
            factory.setServiceClass(PartyMailbox.class);
            factory.setServiceName(PartyMailboxService.SERVICE);
            factory.setEndpointName(PartyMailboxService.PartyMailboxPort);
            factory.setAddress("https://localhost:" + port + "/services/mailbox");
            PartyMailbox mailbox = (PartyMailbox) factory.create();
            TLSClientParameters tls = new TLSClientParameters();
            tls.setKeyManagers(kmf.getKeyManagers());
            tls.setTrustManagers(tmf.getTrustManagers());
            ((HTTPConduit) ClientProxy.getClient(mailbox).getConduit()).setTlsClientParameters(tls);
            return mailbox;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Receipt (ACCEPTED) naming {@code receiver} and the digest, signed with {@code signer}'s signing key. */
    public static byte[] receipt(String signer, String receiver, String receiverKind, String documentId,
                                 String envelopeSha256) {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Receipt xmlns="urn:tw:gov:aee:exchange:v1" schemaVersion="1.0">
                  <receiptId>%s</receiptId>
                  <documentId>%s</documentId>
                  <envelopeSha256>%s</envelopeSha256>
                  <receivedAt>%s</receivedAt>
                  <receiver><code>%s</code><kind>%s</kind></receiver>
                  <status>ACCEPTED</status>
                </Receipt>
                """.formatted(UUID.randomUUID(), documentId, envelopeSha256,
                Instant.now().atZone(ZoneId.of("Asia/Taipei")).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), receiver, receiverKind);
        KeyMaterial key = KeyMaterial.fromPkcs12(Path.of("certs-sample/parties/" + signer + "/signing.p12"), PASSWORD);
        return new CmsSigner(key).sign(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyStore load(Path p) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }
}
