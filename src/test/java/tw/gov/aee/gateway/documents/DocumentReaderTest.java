package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.contract.v1.EnforcementOrder;
import tw.gov.aee.gateway.contract.v1.Receipt;

class DocumentReaderTest {

    static final DocumentReader READER = new DocumentReader();
    static final Path VALID = Path.of("schemas/examples/valid");
    static final Path HOSTILE = Path.of("src/test/resources/hostile");

    static Stream<Path> validExamples() throws IOException {
        return Files.list(VALID).filter(p -> p.toString().endsWith(".xml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("validExamples")
    void everyValidExampleReadsAndSurvivesTheJsonFormUnchanged(Path example) throws IOException {
        Object doc = READER.readXml(Files.readAllBytes(example));
        byte[] json = READER.toJson(doc);
        Object again = READER.readJson(json);
        assertThat(READER.toXml(again)).isEqualTo(READER.toXml(doc));
    }

    @Test
    void aSeizureOrderBindsWithItsBanksAndCases() throws IOException {
        EnforcementOrder o = READER.readXml(Files.readAllBytes(VALID.resolve("enforcement-order-seizure.xml")),
                EnforcementOrder.class);
        assertThat(o.getHeader().getRecipient()).hasSize(3);
        assertThat(o.getCase()).hasSize(2);
        assertThat(o.getAmountCeiling()).isPositive();
    }

    /** Rows the gateway stored are read without the schema pass, never without the guard. */
    @Nested
    class ReadsStoredRows {

        @ParameterizedTest
        @MethodSource("tw.gov.aee.gateway.documents.DocumentReaderTest#validExamples")
        void exactlyAsTheUntrustedReadDoes(Path example) throws IOException {
            byte[] xml = Files.readAllBytes(example);
            Object doc = READER.readXml(xml);
            assertThat(READER.toXml(READER.readStored(xml, doc.getClass()))).isEqualTo(READER.toXml(doc));
        }

        @Test
        void butStillRefusesADoctype() {
            assertThatThrownBy(() -> READER.readStored(hostile("xxe-external-file.xml"), EnforcementOrder.class))
                    .isInstanceOfSatisfying(InvalidDocumentException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.DOCTYPE_FORBIDDEN));
        }

        @Test
        void andAWrongKind() throws IOException {
            assertThatThrownBy(() -> READER.readStored(Files.readAllBytes(VALID.resolve("receipt.xml")), EnforcementOrder.class))
                    .isInstanceOfSatisfying(InvalidDocumentException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.SCHEMA_INVALID));
        }

        @Test
        void andAnythingTheBindingCannotReadIsReportedByTheFullRead() throws IOException {
            byte[] xml = Files.readAllBytes(Path.of("schemas/examples/invalid/unknown-element.xml"));
            assertThatThrownBy(() -> READER.readStored(xml, Object.class))
                    .isInstanceOfSatisfying(InvalidDocumentException.class,
                            e -> assertThat(e.error()).isEqualTo(GatewayError.SCHEMA_INVALID));
        }
    }

    @Nested
    class RefusesXml {

        @Test
        void anExternalEntity() {
            assertRefused(hostile("xxe-external-file.xml"), GatewayError.DOCTYPE_FORBIDDEN);
        }

        @Test
        void aParameterEntityFetchingARemoteDtd() {
            assertRefused(hostile("xxe-parameter-entity.xml"), GatewayError.DOCTYPE_FORBIDDEN);
        }

        @Test
        void anEntityExpansionBomb() {
            assertRefused(hostile("billion-laughs.xml"), GatewayError.DOCTYPE_FORBIDDEN);
        }

        @Test
        void anyDoctypeEvenAHarmlessOne() {
            assertRefused(hostile("doctype-only.xml"), GatewayError.DOCTYPE_FORBIDDEN);
        }

        @Test
        void aProcessingInstruction() {
            assertRefused(hostile("processing-instruction.xml"), GatewayError.MARKUP_FORBIDDEN);
        }

        @Test
        void aNumberSplitByACommentThatTheSchemaAloneWouldAccept() throws IOException {
            byte[] xml = Files.readAllBytes(Path.of("schemas/examples/schema-blind/amount-split-by-comment.xml"));
            assertRefused(xml, GatewayError.MARKUP_FORBIDDEN);
        }

        @Test
        void xmlThatIsNotWellFormed() {
            assertRefused(hostile("not-well-formed.xml"), GatewayError.MALFORMED_INPUT);
        }

        @Test
        void anOversizeDocumentBeforeParsingIt() {
            byte[] big = ("<Receipt xmlns=\"urn:tw:gov:aee:exchange:v1\">" + "x".repeat(DocumentReader.DEFAULT_MAX_BYTES)
                    + "</Receipt>").getBytes(StandardCharsets.UTF_8);
            assertRefused(big, GatewayError.INPUT_TOO_LARGE);
        }

        @Test
        void deeplyNestedElements() {
            String open = "<a>".repeat(10_000);
            byte[] deep = ("<Receipt xmlns=\"urn:tw:gov:aee:exchange:v1\">" + open).getBytes(StandardCharsets.UTF_8);
            assertRefused(deep, GatewayError.INPUT_TOO_DEEP);
        }

        @Test
        void fullWidthDigitsInAnAmount() throws IOException {
            assertRefused(Files.readAllBytes(Path.of("schemas/examples/invalid/amount-fullwidth-digits.xml")),
                    GatewayError.SCHEMA_INVALID);
        }

        @Test
        void anUnknownElementThatPlainJaxbWouldIgnore() throws IOException {
            assertRefused(Files.readAllBytes(Path.of("schemas/examples/invalid/unknown-element.xml")),
                    GatewayError.SCHEMA_INVALID);
        }

        @Test
        void aFractionInAnAmountThatPlainJaxbWouldReadAsZero() throws IOException {
            assertRefused(Files.readAllBytes(Path.of("schemas/examples/invalid/amount-with-fraction.xml")),
                    GatewayError.SCHEMA_INVALID);
        }

        @Test
        void andListsEveryProblemNotJustTheFirst() throws IOException {
            String xml = Files.readString(VALID.resolve("receipt.xml"))
                    .replace("<status>ACCEPTED</status>", "<status>accepted</status>")
                    .replace("c7a94f20-5e3b-4b8d-a1f6-0d92e8b47c35", "NOT-A-UUID");
            InvalidDocumentException e = refused(xml.getBytes(StandardCharsets.UTF_8), GatewayError.SCHEMA_INVALID);
            assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2);
            // Each located on its own line, with the schema's own code (cvc-…) and the bad value.
            List<String> lines = xml.lines().toList();
            int statusLine = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("<status>accepted")).findFirst().orElseThrow());
            int idLine = 1 + lines.indexOf(lines.stream().filter(l -> l.contains("NOT-A-UUID")).findFirst().orElseThrow());
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("line " + statusLine + ":")
                    .contains("cvc-").contains("'accepted'"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("line " + idLine + ":")
                    .contains("cvc-").contains("'NOT-A-UUID'"));
        }

        @Test
        void aDocumentOfTheWrongKind() throws IOException {
            assertThatThrownBy(() -> READER.readXml(Files.readAllBytes(VALID.resolve("receipt.xml")), EnforcementOrder.class))
                    .isInstanceOf(InvalidDocumentException.class);
        }
    }

    @Nested
    class RefusesJson {

        String receiptJson() throws IOException {
            return new String(READER.toJson(READER.readXml(Files.readAllBytes(VALID.resolve("receipt.xml")), Receipt.class)),
                    StandardCharsets.UTF_8);
        }

        @Test
        void anUnknownProperty() throws IOException {
            String json = receiptJson().replace("\"status\"", "\"surprise\":1,\"status\"");
            assertRefused(json, GatewayError.JSON_INVALID);
        }

        @Test
        void aDuplicateKey() throws IOException {
            String json = receiptJson().replace("\"status\":\"ACCEPTED\"", "\"status\":\"ACCEPTED\",\"status\":\"REJECTED\"");
            assertRefused(json, GatewayError.JSON_INVALID);
        }

        @Test
        void aStringWhereAnAmountBelongs() throws IOException {
            String json = orderJson().replaceFirst("\"amountCeiling\":(\\d+)", "\"amountCeiling\":\"$1\"");
            assertRefused(json, GatewayError.JSON_INVALID);
        }

        @Test
        void aFractionInAnNtDollarAmount() throws IOException {
            String json = orderJson().replaceFirst("\"amountCeiling\":(\\d+)", "\"amountCeiling\":$1.5");
            assertRefused(json, GatewayError.JSON_INVALID);
        }

        @Test
        void fullWidthDigitsInADocumentNumber() throws IOException {
            String json = orderJson().replaceFirst("\"documentNumber\":\"(\\d+)A\"", "\"documentNumber\":\"１１００２９５３９３A\"");
            assertRefused(json, GatewayError.SCHEMA_INVALID);
        }

        @Test
        void anUnknownDocumentType() {
            assertRefused("{\"Invoice\":{}}", GatewayError.JSON_INVALID);
        }

        @Test
        void twoDocumentsInOneBody() throws IOException {
            assertRefused("{\"Receipt\":{},\"EnforcementOrder\":{}}", GatewayError.JSON_INVALID);
        }

        @Test
        void deepNesting() {
            assertRefused("{\"Receipt\":" + "[".repeat(5000) + "]".repeat(5000) + "}", GatewayError.INPUT_TOO_DEEP);
        }

        @Test
        void jsonThatIsNotWellFormed() {
            assertRefused("{\"Receipt\": {", GatewayError.MALFORMED_INPUT);
        }

        String orderJson() throws IOException {
            return new String(READER.toJson(READER.readXml(Files.readAllBytes(VALID.resolve("enforcement-order-seizure.xml")))),
                    StandardCharsets.UTF_8);
        }
    }

    static byte[] hostile(String name) {
        try {
            return Files.readAllBytes(HOSTILE.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertRefused(byte[] xml, GatewayError expected) {
        refused(xml, expected);
    }

    static void assertRefused(String json, GatewayError expected) {
        InvalidDocumentException e = null;
        try {
            READER.readJson(json.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidDocumentException ex) {
            e = ex;
        }
        assertThat(e).as("JSON should be refused with " + expected).isNotNull();
        assertThat(e.error()).as(e.getMessage() + " " + e.problems()).isEqualTo(expected);
        assertThat(e.problems()).isNotEmpty();
    }

    static InvalidDocumentException refused(byte[] xml, GatewayError expected) {
        InvalidDocumentException e = null;
        try {
            READER.readXml(xml);
        } catch (InvalidDocumentException ex) {
            e = ex;
        }
        assertThat(e).as("XML should be refused with " + expected).isNotNull();
        assertThat(e.error()).as(e.getMessage() + " " + e.problems()).isEqualTo(expected);
        assertThat(e.problems()).isNotEmpty();
        List<String> p = e.problems();
        assertThat(String.join(" ", p)).doesNotContain("root:x:0:0");
        return e;
    }
}
