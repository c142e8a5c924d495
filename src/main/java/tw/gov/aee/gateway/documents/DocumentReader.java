package tw.gov.aee.gateway.documents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import com.ctc.wstx.sax.WstxSAXParser;
import com.ctc.wstx.sax.WstxSAXParserFactory;
import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.module.jakarta.xmlbind.JakartaXmlBindAnnotationModule;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.annotation.XmlRootElement;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.contract.v1.ObjectFactory;

/**
 * The one way documents enter the gateway, as XML or in their JSON form (DESIGN §4 "Hostile
 * input", §9 "JSON form").
 *
 * <p>XML: size bounded before parsing; any DOCTYPE refused outright (limits alone let large entity
 * expansions through); no external entities; nesting depth bounded; comments and processing
 * instructions refused inside the document (a comment can split a number so that neither the XSD
 * nor JAXB sees it);
 * then validated against the contract, collecting every problem (a document that is not valid is
 * never returned, so no caller can use plain JAXB's lenient reading).
 *
 * <p>JSON: {@code {"EnforcementOrder": {...}}} — one property naming the root element. Bound
 * strictly (unknown properties, duplicate keys, strings or fractions where numbers belong, nulls
 * for primitives are errors), then marshalled to XML and validated like any XML document: the
 * XML is what is signed and stored.
 *
 * <p>Thread-safe.
 */
public final class DocumentReader {

    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 24;
    private static final int MAX_PROBLEMS = 50;

    private final int maxBytes;
    private final int maxDepth;
    private final XMLInputFactory xmlInput;
    private final JAXBContext jaxb;
    private final ObjectMapper json;
    private final Map<String, Class<?>> roots;

    public DocumentReader() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
    }

    public DocumentReader(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.xmlInput = XMLInputFactory.newFactory();
        xmlInput.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xmlInput.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        xmlInput.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        xmlInput.setProperty(XMLInputFactory.IS_COALESCING, false);
        try {
            this.jaxb = JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException("contract classes do not bind", e);
        }
        this.roots = new java.util.HashMap<>();
        for (java.lang.reflect.Method m : ObjectFactory.class.getMethods()) {
            Class<?> t = m.getReturnType();
            XmlRootElement root = t.getAnnotation(XmlRootElement.class);
            if (m.getName().startsWith("create") && root != null) {
                roots.put(root.name(), t);
            }
        }
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth)
                                .maxStringLength(64 * 1024).maxNumberLength(32).build())
                        .build())
                .addModule(new JakartaXmlBindAnnotationModule())
                .addModule(XmlCalendarJson.module())
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        json.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        // Strings stay strings: only textual targets accept a JSON string.
        json.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        json.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        json.coercionConfigFor(LogicalType.DateTime).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        json.coercionConfigFor(LogicalType.OtherScalar).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    }

    /** Reads a document of any contract root type from XML. */
    public Object readXml(byte[] xml) {
        if (xml.length > maxBytes) {
            throw new InvalidDocumentException(GatewayError.INPUT_TOO_LARGE, "document of " + xml.length
                    + " bytes exceeds the limit of " + maxBytes, List.of("size " + xml.length + " > " + maxBytes));
        }
        // Pass 1: bind through the guard, which refuses DOCTYPE, entities, comments, processing
        // instructions and deep nesting as the parser meets them (and anything not well-formed).
        Object result;
        XMLStreamReader reader = null;
        try {
            reader = new GuardedReader(xmlInput.createXMLStreamReader(new ByteArrayInputStream(xml)), maxDepth);
            Unmarshaller u = jaxb.createUnmarshaller();
            // Carry on past binding complaints: the schema pass below reports them all, located.
            u.setEventHandler(event -> event.getSeverity() != ValidationEvent.FATAL_ERROR);
            result = u.unmarshal(reader);
        } catch (JAXBException | XMLStreamException | RuntimeException e) {
            InvalidDocumentException guarded = guardFrom(e);
            if (guarded != null) {
                throw guarded;
            }
            // Well-formed but not one of ours (unknown root, wrong namespace): the schema pass names it.
            result = null;
            if (isWellFormed(xml)) {
                validate(xml);
            }
            throw new InvalidDocumentException(GatewayError.MALFORMED_INPUT, "not well-formed XML: " + rootMessage(e), e);
        } finally {
            close(reader);
        }
        // Pass 2: validate the same bytes against the contract, collecting every problem (JAXB's
        // own validating unmarshal stops at the first). Safe: pass 1 proved there is no DOCTYPE.
        validate(xml);
        if (result instanceof jakarta.xml.bind.JAXBElement<?> el) {
            result = el.getValue();
        }
        return result;
    }

    private void validate(byte[] xml) {
        Problems problems = new Problems();
        Validator v = VALIDATORS.get();
        v.setErrorHandler(problems);
        try {
            v.validate(new SAXSource(SCHEMA_PASS_READERS.get(), new InputSource(new ByteArrayInputStream(xml))));
        } catch (SAXException e) {
            if (problems.list.isEmpty()) {
                problems.list.add(e.getMessage());
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        } finally {
            // No reset(): it would restore the properties set below to their defaults. Each
            // validate() starts a fresh parse, so a failed run leaves nothing behind.
            v.setErrorHandler(null);
        }
        if (!problems.list.isEmpty()) {
            throw new InvalidDocumentException(GatewayError.SCHEMA_INVALID, "the document does not conform to the "
                    + "contract (" + problems.list.size() + " problem(s))", problems.list);
        }
    }

    /**
     * One validator per thread, reused: a new one per document rebuilt its parser configuration
     * every time, which the benchmark measured as the largest cost of reading XML (issue #7). A
     * Validator is not thread-safe; one per thread is.
     */
    private static final ThreadLocal<Validator> VALIDATORS = ThreadLocal.withInitial(() -> {
        Validator v = DocumentSchemas.schema().newValidator();
        try {
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the validator refuses to close external access", e);
        }
        return v;
    });

    /**
     * What reads the bytes for the validator, one per thread (issue #7). Given a StreamSource, the
     * JDK's validator scans with its own Xerces parser and resets that parser's whole configuration
     * for every document (building and catching an exception each time on the way): half the cost
     * of the schema pass. Woodstox, the parser of pass 1, hands the validator the same SAX events
     * instead; what the validator checks and says is unchanged. No DTDs and no external entities,
     * though this pass only ever sees bytes in which pass 1 found no DOCTYPE.
     */
    private static final ThreadLocal<XMLReader> SCHEMA_PASS_READERS = ThreadLocal.withInitial(() -> {
        WstxSAXParserFactory factory = new WstxSAXParserFactory(new WstxInputFactory());
        factory.setNamespaceAware(true);
        WstxSAXParser parser = (WstxSAXParser) factory.newSAXParser();
        parser.getStaxConfig().doSupportDTDs(false);
        parser.getStaxConfig().doSupportExternalEntities(false);
        return parser.getXMLReader();
    });

    /** Collects every error with its location; a fatal error stops validation. */
    private static final class Problems implements ErrorHandler {
        final List<String> list = new ArrayList<>();

        @Override
        public void warning(SAXParseException e) { }

        @Override
        public void error(SAXParseException e) { add(list, e); }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            add(list, e);
            throw e;
        }
    }

    private boolean isWellFormed(byte[] xml) {
        XMLStreamReader r = null;
        try {
            r = new GuardedReader(xmlInput.createXMLStreamReader(new ByteArrayInputStream(xml)), maxDepth);
            while (r.hasNext()) {
                r.next();
            }
            return true;
        } catch (XMLStreamException | RuntimeException e) {
            return false;
        } finally {
            close(r);
        }
    }

    private static void add(List<String> problems, SAXParseException e) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add("line " + e.getLineNumber() + ":" + e.getColumnNumber() + ": " + e.getMessage());
        }
    }

    /** Reads XML and requires a particular root type. */
    public <T> T readXml(byte[] xml, Class<T> type) {
        Object o = readXml(xml);
        if (!type.isInstance(o)) {
            throw new InvalidDocumentException(GatewayError.SCHEMA_INVALID, "expected " + type.getSimpleName()
                    + " but the document is " + o.getClass().getSimpleName(), List.of("root element " + o.getClass().getSimpleName()));
        }
        return type.cast(o);
    }

    /**
     * Reads a document the gateway itself validated before it stored it (a row of {@code document}
     * or {@code reply}): the same guarded parse and binding as {@link #readXml(byte[], Class)},
     * without validating against the schema again, which is half the cost of a read. The row was
     * validated when it was stored; a row the binding cannot read is read the untrusted way, so it
     * still fails with the full list of problems.
     */
    public <T> T readStored(byte[] xml, Class<T> type) {
        XMLStreamReader reader = null;
        try {
            reader = new GuardedReader(xmlInput.createXMLStreamReader(new ByteArrayInputStream(xml)), maxDepth);
            Unmarshaller u = jaxb.createUnmarshaller();
            boolean[] complained = new boolean[1];
            u.setEventHandler(event -> {
                complained[0] = true;
                return false;
            });
            Object o = u.unmarshal(reader);
            if (o instanceof jakarta.xml.bind.JAXBElement<?> el) {
                o = el.getValue();
            }
            if (!complained[0] && type.isInstance(o)) {
                return type.cast(o);
            }
        } catch (JAXBException | XMLStreamException | RuntimeException e) {
            // fall through to the untrusted read, which names the problem
        } finally {
            close(reader);
        }
        return readXml(xml, type);
    }

    /**
     * Reads the JSON form, {@code {"RootElement": {...}}}, and returns the bound document; it has
     * been marshalled to XML and validated against the contract on the way.
     */
    public Object readJson(byte[] body) {
        if (body.length > maxBytes) {
            throw new InvalidDocumentException(GatewayError.INPUT_TOO_LARGE, "document of " + body.length
                    + " bytes exceeds the limit of " + maxBytes, List.of("size " + body.length + " > " + maxBytes));
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JsonProcessingException e) {
            if (e.getMessage() != null && e.getMessage().contains("nesting depth")) {
                throw new InvalidDocumentException(GatewayError.INPUT_TOO_DEEP, "JSON nests deeper than " + maxDepth, e);
            }
            GatewayError code = e.getMessage() != null && e.getMessage().contains("Duplicate field")
                    ? GatewayError.JSON_INVALID : GatewayError.MALFORMED_INPUT;
            throw new InvalidDocumentException(code, jsonProblem(e), List.of(jsonProblem(e)));
        } catch (IOException e) {
            throw new InvalidDocumentException(GatewayError.MALFORMED_INPUT, "unreadable JSON", e);
        }
        if (tree == null || !tree.isObject() || tree.size() != 1) {
            throw new InvalidDocumentException(GatewayError.JSON_INVALID, "the JSON form is one object with one property "
                    + "naming the document, e.g. {\"EnforcementOrder\": {...}}", List.of("$: expected {\"<Document>\": {...}}"));
        }
        String rootName = tree.fieldNames().next();
        Class<?> type = roots.get(rootName);
        if (type == null) {
            throw new InvalidDocumentException(GatewayError.JSON_INVALID, "unknown document type '" + rootName
                    + "'", List.of("$." + rootName + ": not one of " + new java.util.TreeSet<>(roots.keySet())));
        }
        Object doc;
        try {
            doc = json.treeToValue(tree.get(rootName), type);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(GatewayError.JSON_INVALID, jsonProblem(e), List.of(jsonProblem(e)));
        }
        // The XML is what is signed and stored: validate exactly that.
        return readXml(toXml(doc));
    }

    /** Marshals a contract document to UTF-8 XML (not validated here; {@link #readXml} validates). */
    public byte[] toXml(Object document) {
        try {
            Marshaller m = jaxb.createMarshaller();
            m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            m.marshal(document, out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new InvalidDocumentException(GatewayError.SCHEMA_INVALID, "the document cannot be written as XML: "
                    + rootMessage(e), e);
        }
    }

    /** The JSON form of a contract document, {@code {"RootElement": {...}}}. */
    public byte[] toJson(Object document) {
        XmlRootElement root = document.getClass().getAnnotation(XmlRootElement.class);
        try {
            return json.writeValueAsBytes(Map.of(root.name(), document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + root.name(), e);
        }
    }

    /** Names of the root elements this reader accepts. */
    public java.util.Set<String> rootNames() {
        return java.util.Collections.unmodifiableSet(roots.keySet());
    }

    private static InvalidDocumentException guardFrom(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidDocumentException ide) {
                return ide;
            }
            if (t instanceof XMLStreamException xse && xse.getNestedException() instanceof InvalidDocumentException ide) {
                return ide;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

    private static String jsonProblem(JsonProcessingException e) {
        String path = e instanceof MismatchedInputException mie ? mie.getPathReference() : null;
        String msg = e.getOriginalMessage();
        if (msg != null && msg.length() > 300) {
            msg = msg.substring(0, 300);
        }
        var loc = e.getLocation();
        return (path != null ? path + ": " : "") + msg + (loc != null ? " (line " + loc.getLineNr() + ":" + loc.getColumnNr() + ")" : "");
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a byte array cannot lose data
            }
        }
    }

    /**
     * Refuses DOCTYPE, comments, processing instructions and entity references as the parser
     * meets them, and bounds nesting depth, so JAXB never sees any of them.
     */
    private static final class GuardedReader extends StreamReaderDelegate {
        private final int maxDepth;
        private int depth;

        GuardedReader(XMLStreamReader reader, int maxDepth) {
            super(reader);
            this.maxDepth = maxDepth;
        }

        @Override
        public int next() throws XMLStreamException {
            return check(super.next());
        }

        @Override
        public int nextTag() throws XMLStreamException {
            int e;
            do {
                e = next();
            } while (e == XMLStreamConstants.SPACE || e == XMLStreamConstants.CHARACTERS && isWhiteSpace());
            return e;
        }

        private int check(int event) {
            switch (event) {
                case XMLStreamConstants.DTD -> throw new InvalidDocumentException(GatewayError.DOCTYPE_FORBIDDEN,
                        "DOCTYPE declarations are refused", List.of(at() + "DOCTYPE"));
                case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                        throw new InvalidDocumentException(GatewayError.DOCTYPE_FORBIDDEN, "entity references are refused",
                                List.of(at() + "entity reference"));
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw new InvalidDocumentException(
                        GatewayError.MARKUP_FORBIDDEN, "processing instructions are refused",
                        List.of(at() + "processing instruction"));
                case XMLStreamConstants.COMMENT -> {
                    // A comment before the root element is harmless; inside it, it can split a value.
                    if (depth > 0) {
                        throw new InvalidDocumentException(GatewayError.MARKUP_FORBIDDEN,
                                "comments inside a document are refused (they can split a value unseen)",
                                List.of(at() + "comment"));
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > maxDepth) {
                        throw new InvalidDocumentException(GatewayError.INPUT_TOO_DEEP, "elements nest deeper than "
                                + maxDepth, List.of(at() + "depth " + depth));
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                default -> { }
            }
            return event;
        }

        private String at() {
            var l = getLocation();
            return l == null ? "" : "line " + l.getLineNumber() + ":" + l.getColumnNumber() + ": ";
        }
    }

}
