package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.UnmarshalException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.ObjectFactory;

/**
 * Checks the contract's examples: {@code schemas/examples/valid} all validate and survive a JAXB
 * round trip; each file in {@code schemas/examples/invalid} fails for the reason stated in
 * {@code expected-errors.properties}; {@code schemas/examples/schema-blind} pins what XML Schema
 * cannot see.
 */
class SchemaExamplesTest {

    private static final Path EXAMPLES = Path.of("schemas", "examples");
    private static final Path VALID = EXAMPLES.resolve("valid");
    private static final Path INVALID = EXAMPLES.resolve("invalid");
    private static final Path SCHEMA_BLIND = EXAMPLES.resolve("schema-blind");
    private static final Path EXPECTED_ERRORS = INVALID.resolve("expected-errors.properties");

    private static final JAXBContext CONTEXT = context();

    static Stream<Path> validExamples() throws IOException {
        return xmlFiles(VALID);
    }

    static Stream<Path> invalidExamples() throws IOException {
        return xmlFiles(INVALID);
    }

    @Nested
    class ValidExamples {

        @ParameterizedTest(name = "{0}")
        @MethodSource("tw.gov.aee.gateway.documents.SchemaExamplesTest#validExamples")
        void validatesAgainstTheSchema(Path example) throws Exception {
            assertThat(validate(new StreamSource(example.toFile()))).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tw.gov.aee.gateway.documents.SchemaExamplesTest#validExamples")
        void unmarshalsIntoItsGeneratedClassAndMarshalsBackToAValidDocument(Path example) throws Exception {
            Object document = validatingUnmarshaller().unmarshal(example.toFile());

            String root = rootElement(example).getLocalPart();
            assertThat(document.getClass().getSimpleName()).isEqualTo(root);
            assertThat(document.getClass().getAnnotation(XmlRootElement.class)).isNotNull();

            String xml = marshal(document);
            assertThat(xml).contains("schemaVersion=\"1.0\"");
            assertThat(validate(new StreamSource(new StringReader(xml)))).isEmpty();
        }

        @Test
        void coverEveryRootDocument() throws Exception {
            Set<String> roots = Arrays.stream(ObjectFactory.class.getMethods())
                    .map(Method::getReturnType)
                    .filter(type -> type.isAnnotationPresent(XmlRootElement.class))
                    .map(Class::getSimpleName)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> exemplified = new TreeSet<>();
            for (Path example : validExamples().toList()) {
                exemplified.add(rootElement(example).getLocalPart());
            }

            assertThat(roots).hasSize(9);
            assertThat(exemplified).isEqualTo(roots);
        }
    }

    @Nested
    class InvalidExamples {

        @ParameterizedTest(name = "{0}")
        @MethodSource("tw.gov.aee.gateway.documents.SchemaExamplesTest#invalidExamples")
        void failValidationForTheirStatedReason(Path example) throws Exception {
            String expected = expectedErrors().getProperty(example.getFileName().toString());
            assertThat(expected)
                    .as("%s has no expected reason in %s", example.getFileName(), EXPECTED_ERRORS)
                    .isNotBlank();
            String[] reason = expected.split("\\|");
            assertThat(reason).as("'<error> | <element>' in %s", EXPECTED_ERRORS).hasSize(2);
            String error = reason[0].trim();
            Pattern named = Pattern.compile("['\":]" + Pattern.quote(reason[1].trim()) + "['\"},]");

            List<String> errors = validate(new StreamSource(example.toFile()));

            assertThat(errors).as("validation errors of %s", example.getFileName()).isNotEmpty();
            assertThat(errors.get(0)).contains(error);
            assertThat(errors).anyMatch(message -> named.matcher(message).find());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tw.gov.aee.gateway.documents.SchemaExamplesTest#invalidExamples")
        void areRefusedByTheValidatingUnmarshaller(Path example) {
            assertThatThrownBy(() -> validatingUnmarshaller().unmarshal(example.toFile()))
                    .isInstanceOf(UnmarshalException.class);
        }

        @Test
        void areEachListedOnceInTheExpectedErrors() throws Exception {
            Set<String> files = invalidExamples()
                    .map(path -> path.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));

            assertThat(new TreeSet<>(expectedErrors().stringPropertyNames())).isEqualTo(files);
            assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        }
    }

    @Nested
    class SchemaBlindSpots {

        @Test
        void commentSplitAmountPassesTheSchemaAndReadsAsTheJoinedNumber() throws Exception {
            // XML Schema validates an element's text with comments removed (and JAXB joins the
            // text around them), so 12947<!-- -->16 is 1294716 to both. Only a reader that
            // refuses comments before validation can catch it.
            Path example = SCHEMA_BLIND.resolve("amount-split-by-comment.xml");
            assertThat(Files.readString(example)).contains("<amountCeiling>12947<!-- -->16</amountCeiling>");

            assertThat(validate(new StreamSource(example.toFile()))).isEmpty();
            EnforcementOrder order = (EnforcementOrder) validatingUnmarshaller().unmarshal(example.toFile());
            assertThat(order.getAmountCeiling()).isEqualTo(1_294_716L);
        }

        @Test
        void plainJaxbWithoutTheSchemaReadsWhatTheSchemaRefuses() throws Exception {
            // Why the schema must be set on every Unmarshaller: without it, full-width digits are
            // read as numbers and a fraction silently becomes 0.
            Unmarshaller plain = CONTEXT.createUnmarshaller();

            EnforcementOrder fullWidth = (EnforcementOrder) plain.unmarshal(INVALID.resolve("amount-fullwidth-digits.xml").toFile());
            EnforcementOrder fraction = (EnforcementOrder) plain.unmarshal(INVALID.resolve("amount-with-fraction.xml").toFile());

            assertThat(fullWidth.getAmountCeiling()).isEqualTo(1_294_716L);
            assertThat(fraction.getAmountCeiling()).isZero();
        }
    }

    @Test
    void loadsTheCombinedSchemaOnce() {
        assertThat(DocumentSchemas.schema()).isNotNull().isSameAs(DocumentSchemas.schema());
    }

    // ---------------------------------------------------------------- helpers

    private static Stream<Path> xmlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> path.toString().endsWith(".xml")).sorted().toList().stream();
        }
    }

    /** Every error Xerces reports, in order (it carries on after the first). */
    private static List<String> validate(Source source) throws IOException, SAXException {
        List<String> errors = new ArrayList<>();
        Validator validator = DocumentSchemas.schema().newValidator();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
                // warnings are not failures
            }

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                errors.add(e.getMessage());
                throw e;
            }
        });
        validator.validate(source);
        return errors;
    }

    private static Unmarshaller validatingUnmarshaller() throws JAXBException {
        Unmarshaller unmarshaller = CONTEXT.createUnmarshaller();
        unmarshaller.setSchema(DocumentSchemas.schema());
        return unmarshaller;
    }

    private static String marshal(Object document) throws JAXBException {
        Marshaller marshaller = CONTEXT.createMarshaller();
        marshaller.setProperty(Marshaller.JAXB_ENCODING, StandardCharsets.UTF_8.name());
        StringWriter xml = new StringWriter();
        marshaller.marshal(document, xml);
        return xml.toString();
    }

    private static QName rootElement(Path example) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (Reader reader = Files.newBufferedReader(example)) {
            XMLStreamReader xml = factory.createXMLStreamReader(reader);
            try {
                xml.nextTag();
                return xml.getName();
            } finally {
                xml.close();
            }
        }
    }

    private static Properties expectedErrors() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(EXPECTED_ERRORS, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }
}
