package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.documents.DocumentNumber.Kind;

class DocumentNumberTest {

    private static final String FIELD = "header.documentNumber";

    @Test
    void splitsADocumentNumberIntoYearSerialAndKind() {
        DocumentNumber number = DocumentNumber.parse("1100295393A", FIELD);

        assertThat(number.rocYear()).isEqualTo(110);
        assertThat(number.serial()).isEqualTo(295_393);
        assertThat(number.kind()).isEqualTo(Kind.SEIZURE);
        assertThat(number.value()).isEqualTo("1100295393A");
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "1100295393A, SEIZURE",
        "1100295394K, REVOCATION",
        "1100295395X, COLLECTION",
        "1100295396Y, PAY_OVER",
        "1100295397T, TRANSFER",
        "1100295398C, EXECUTION_CERTIFICATE"
    })
    void readsEveryKindLetter(String text, Kind kind) {
        assertThat(DocumentNumber.parse(text).kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void formatsWhatItParses(Kind kind) {
        String text = DocumentNumber.format(99, 1, kind);

        assertThat(text).isEqualTo("0990000001" + kind.letter());
        assertThat(DocumentNumber.parse(text)).isEqualTo(new DocumentNumber(99, 1, kind));
        assertThat(Kind.ofLetter(kind.letter())).isEqualTo(kind);
    }

    @Test
    void padsYearAndSerialToTheirWidths() {
        assertThat(DocumentNumber.format(110, 295_393, Kind.SEIZURE)).isEqualTo("1100295393A");
        assertThat(DocumentNumber.format(1, 9_999_999, Kind.REVOCATION)).isEqualTo("0019999999K");
    }

    @Test
    void namesEachKindInChinese() {
        assertThat(Kind.SEIZURE.label()).isEqualTo("扣押命令");
        assertThat(Kind.REVOCATION.label()).isEqualTo("撤銷扣押命令");
        assertThat(Kind.EXECUTION_CERTIFICATE.label()).isEqualTo("執行憑證");
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1100295393B", "1100295393Z", "1100295393a", "1100295393k", "11002953931", "1100295393甲"})
        void unknownKindLetters(String text) {
            assertRefused(() -> DocumentNumber.parse(text, FIELD), GatewayError.INVALID_DOCUMENT_NUMBER, FIELD)
                    .hasMessageContaining("unknown kind letter");
        }

        @Test
        void unknownLettersOutsideParsing() {
            assertRefused(() -> Kind.ofLetter('B'), GatewayError.INVALID_DOCUMENT_NUMBER, "documentNumber");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"110295393A", "11000295393A", "1100295393", "A1100295393", "110029539AA", "110-295393A", " 1100295393A", "1100295393A "})
        void anythingOffTheForm(String text) {
            assertRefused(() -> DocumentNumber.parse(text, FIELD), GatewayError.INVALID_DOCUMENT_NUMBER, FIELD);
        }

        @Test
        void yearZero() {
            assertRefused(() -> DocumentNumber.parse("0000295393A", FIELD), GatewayError.INVALID_DOCUMENT_NUMBER, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"１１００２９５３９３A", "110029539３A", "١١٠0295393A"})
        void fullWidthAndOtherScriptsDigits(String text) {
            assertRefused(() -> DocumentNumber.parse(text, FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void yearsAndSerialsThatDoNotFit() {
            assertRefused(() -> DocumentNumber.format(1000, 1, Kind.SEIZURE), GatewayError.INVALID_DOCUMENT_NUMBER, "documentNumber");
            assertRefused(() -> DocumentNumber.format(0, 1, Kind.SEIZURE), GatewayError.INVALID_DOCUMENT_NUMBER, "documentNumber");
            assertRefused(() -> DocumentNumber.format(110, 10_000_000, Kind.SEIZURE), GatewayError.INVALID_DOCUMENT_NUMBER, "documentNumber");
            assertRefused(() -> DocumentNumber.format(110, -1, Kind.SEIZURE), GatewayError.INVALID_DOCUMENT_NUMBER, "documentNumber");
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> DocumentNumber.parse(null, FIELD), GatewayError.INVALID_DOCUMENT_NUMBER, FIELD);
            assertRefused(() -> DocumentNumber.parse("", FIELD), GatewayError.INVALID_DOCUMENT_NUMBER, FIELD);
        }
    }
}
