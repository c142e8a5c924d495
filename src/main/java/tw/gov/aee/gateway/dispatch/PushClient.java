package tw.gov.aee.gateway.dispatch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.cxf.Bus;
import org.apache.cxf.bus.CXFBusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPConduitFactory;
import org.apache.cxf.transport.http.URLConnectionHTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;

import tw.gov.aee.gateway.contract.party.DocumentReceiver;
import tw.gov.aee.gateway.contract.party.DocumentReceiverService;
import tw.gov.aee.gateway.contract.party.GatewayFault;

/**
 * The gateway's side of a push (DESIGN §9 "Receipt"): calls a party's
 * {@code DocumentReceiver.deliverDocument} over TLS and returns what it answered — the signed
 * receipt, still unverified (see {@link ReceiptVerifier}).
 *
 * <p>TLS trusts only the configured trust store, never the JRE's {@code cacerts}; host names are
 * checked. One CXF proxy per endpoint is built on first use and kept: a proxy whose request
 * context is never changed per call is safe to share between threads.
 */
public final class PushClient implements AutoCloseable {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(30);

    private final TrustManager[] trustManagers;
    private final Duration connectTimeout;
    private final Duration receiveTimeout;
    private final Bus bus;
    private final Map<URI, DocumentReceiver> proxies = new ConcurrentHashMap<>();

    /**
     * @param trustStore PKCS#12 holding the CA certificates that TLS server certificates must chain to
     */
    public PushClient(Path trustStore, char[] password, Duration connectTimeout, Duration receiveTimeout) {
        this.trustManagers = trustManagers(trustStore, password);
        this.connectTimeout = connectTimeout;
        this.receiveTimeout = receiveTimeout;
        // a bus of its own: the proxies' conduits never pick up settings meant for other CXF users
        this.bus = new CXFBusFactory().createBus();
        // Blocking HttpsURLConnection rather than CXF 4's default java.net.http conduit: one call
        // per consumer thread, no hand-offs to the client's executor and selector threads
        // (java.net.http was ~6 % of the benchmark's CPU, issue #7). Kept-alive connections are
        // keyed by the conduit's own socket factory, so never shared with another TLS identity.
        bus.setExtension((HTTPConduitFactory) (factory, b, endpoint, target) -> new URLConnectionHTTPConduit(b, endpoint,
                target), HTTPConduitFactory.class);
    }

    /**
     * Pushes one envelope.
     *
     * @return the receipt bytes the party answered with (a CMS SignedData, if the party behaves)
     * @throws DeliveryException on any fault, I/O error or timeout
     */
    public byte[] deliver(URI endpoint, String documentId, byte[] envelope) {
        DocumentReceiver receiver;
        try {
            receiver = proxies.computeIfAbsent(endpoint, this::proxy);
        } catch (RuntimeException e) {
            throw new DeliveryException("cannot reach " + endpoint + " for document " + documentId + ": " + describe(e), e);
        }
        try {
            byte[] receipt = receiver.deliverDocument(documentId, envelope);
            if (receipt == null) {
                throw new DeliveryException(endpoint + " answered document " + documentId + " without a receipt", null);
            }
            return receipt;
        } catch (GatewayFault e) {
            String code = e.getFaultInfo() == null ? "?" : e.getFaultInfo().getCode();
            throw new DeliveryException(endpoint + " refused document " + documentId + " with fault " + code
                    + ": " + e.getMessage(), e);
        } catch (DeliveryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeliveryException("delivery of document " + documentId + " to " + endpoint + " failed: " + describe(e), e);
        }
    }

    /** Releases every proxy's connections. */
    @Override
    public void close() {
        proxies.values().forEach(p -> ClientProxy.getClient(p).destroy());
        proxies.clear();
        bus.shutdown(true);
    }

    private DocumentReceiver proxy(URI endpoint) {
        if (!"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("push endpoints are https only: " + endpoint);
        }
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(DocumentReceiver.class);
        factory.setServiceName(DocumentReceiverService.SERVICE);
        factory.setEndpointName(DocumentReceiverService.DocumentReceiverPort);
        factory.setAddress(endpoint.toString());
        DocumentReceiver receiver = (DocumentReceiver) factory.create();
        Client client = ClientProxy.getClient(receiver);
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        TLSClientParameters tls = new TLSClientParameters();
        tls.setTrustManagers(trustManagers);
        tls.setDisableCNCheck(false);
        conduit.setTlsClientParameters(tls);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(connectTimeout.toMillis());
        policy.setReceiveTimeout(receiveTimeout.toMillis());
        // A whole envelope with its length, not a chunked stream: the JDK probes a kept-alive
        // connection before every streamed POST (a 1 ms read that ends in a
        // SocketTimeoutException, 0.5 % of the benchmark's CPU); a buffered one it just sends, and
        // retries once on a connection the bank had closed (the bank de-duplicates by document id).
        // Documents are at most 1 MB, so buffering is cheap.
        policy.setAllowChunking(false);
        conduit.setClient(policy);
        return receiver;
    }

    private static TrustManager[] trustManagers(Path trustStore, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** The innermost cause, by type and message: SOAP fault strings and I/O errors, no payload. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
        return root == e ? outer : outer + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
    }
}
