package tw.gov.aee.gateway.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/**
 * The compiled document contract ({@code urn:tw:gov:aee:exchange:v1}), loaded once from
 * {@code classpath:schemas/exchange.xsd}.
 *
 * <p>{@code exchange.xsd} {@code xs:include}s every document schema: a {@code SchemaFactory} given
 * several documents of one namespace silently keeps only the first. Includes are served from the
 * classpath {@code schemas/} folder by file name; anything else (a URL, a path, a DTD) is refused,
 * so loading the schema never touches the network or the file system outside the jar.
 *
 * <p>A {@link Schema} is immutable and thread-safe; create a {@code Validator} (not thread-safe)
 * per use, or set the schema on each {@code Unmarshaller}.
 */
public final class DocumentSchemas {

    /** Target namespace of every document root. */
    public static final String NAMESPACE = "urn:tw:gov:aee:exchange:v1";

    static final String FOLDER = "schemas/";
    static final String ENTRY = "exchange.xsd";

    // Only plain sibling file names: no scheme, no path, no "..".
    private static final Pattern INCLUDE_NAME = Pattern.compile("[a-z0-9-]{1,64}\\.xsd");

    private DocumentSchemas() {
    }

    /** The combined schema, compiled on first use. */
    public static Schema schema() {
        return Holder.SCHEMA;
    }

    // Initialization-on-demand holder: the JVM guarantees one thread-safe compilation.
    private static final class Holder {
        static final Schema SCHEMA = load();
    }

    private static Schema load() {
        URL entry = resource(ENTRY);
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            // Includes arrive through the resolver below as streams; nothing is fetched by URL.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setResourceResolver(new ClasspathIncludes());
            try (InputStream in = entry.openStream()) {
                return factory.newSchema(new StreamSource(in, entry.toExternalForm()));
            }
        } catch (SAXException e) {
            throw new IllegalStateException("The document schema " + FOLDER + ENTRY + " does not compile", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + FOLDER + ENTRY, e);
        }
    }

    private static URL resource(String name) {
        URL url = DocumentSchemas.class.getClassLoader().getResource(FOLDER + name);
        if (url == null) {
            throw new IllegalStateException("Missing classpath resource " + FOLDER + name);
        }
        return url;
    }

    /** Serves {@code xs:include schemaLocation="x.xsd"} from {@code classpath:schemas/x.xsd}, nothing else. */
    private static final class ClasspathIncludes implements LSResourceResolver {

        @Override
        public LSInput resolveResource(String type, String namespaceURI, String publicId,
                                       String systemId, String baseURI) {
            if (!XMLConstants.W3C_XML_SCHEMA_NS_URI.equals(type)
                    || systemId == null || !INCLUDE_NAME.matcher(systemId).matches()) {
                throw new IllegalStateException("Refusing to resolve " + systemId + " (" + type
                        + "): schemas may include only sibling files of " + FOLDER);
            }
            URL url = resource(systemId);
            try {
                // The system id must be stable: Xerces recognises a file included twice by it.
                return new ClasspathInput(url.toExternalForm(), publicId, baseURI, url.openStream());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + FOLDER + systemId, e);
            }
        }
    }

    private record ClasspathInput(String systemId, String publicId, String baseURI, InputStream byteStream)
            implements LSInput {

        @Override public String getSystemId() { return systemId; }
        @Override public String getPublicId() { return publicId; }
        @Override public String getBaseURI() { return baseURI; }
        @Override public InputStream getByteStream() { return byteStream; }
        @Override public java.io.Reader getCharacterStream() { return null; }
        @Override public String getStringData() { return null; }
        @Override public String getEncoding() { return null; }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setSystemId(String systemId) { throw new UnsupportedOperationException(); }
        @Override public void setPublicId(String publicId) { throw new UnsupportedOperationException(); }
        @Override public void setBaseURI(String baseURI) { throw new UnsupportedOperationException(); }
        @Override public void setByteStream(InputStream byteStream) { throw new UnsupportedOperationException(); }
        @Override public void setCharacterStream(java.io.Reader characterStream) { throw new UnsupportedOperationException(); }
        @Override public void setStringData(String stringData) { throw new UnsupportedOperationException(); }
        @Override public void setEncoding(String encoding) { throw new UnsupportedOperationException(); }
        @Override public void setCertifiedText(boolean certifiedText) { throw new UnsupportedOperationException(); }
    }
}
