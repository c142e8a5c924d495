package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.documents.NationalId.Kind;

class NationalIdTest {

    private static final String FIELD = "obligor.nationalId";

    // Check digits computed by the algorithm in NationalId's Javadoc, independently of it.
    @ParameterizedTest(name = "{0} is a {1}")
    @CsvSource({
        "A123456789, NATIONAL",
        "B212345670, NATIONAL",
        "F131257026, NATIONAL",
        "I100000003, NATIONAL",       // I=34: out of alphabetical order in the table
        "O200000006, NATIONAL",       // O=35
        "W111111113, NATIONAL",       // W=32
        "Z199999990, NATIONAL",       // Z=33
        "A800000014, RESIDENT_NEW",
        "A900000016, RESIDENT_NEW",
        "H812345678, RESIDENT_NEW",
        "AA12345675, RESIDENT_OLD",
        "FB12345672, RESIDENT_OLD",
        "YC98765436, RESIDENT_OLD",
        "AD00000005, RESIDENT_OLD"
    })
    void acceptsValidIdsAndTellsTheirKind(String id, Kind kind) {
        NationalId parsed = NationalId.parse(id, FIELD);

        assertThat(parsed.value()).isEqualTo(id);
        assertThat(parsed.kind()).isEqualTo(kind);
        assertThat(NationalId.isValid(id)).isTrue();
    }

    @Test
    void masksTheIdWhenPrinted() {
        NationalId id = NationalId.parse("A123456789");

        assertThat(id.masked()).isEqualTo("A1******89");
        assertThat(id.toString()).doesNotContain("A123456789").contains("A1******89");
    }

    @Test
    void weighsTheOldResidentLetterByItsValueModTen() {
        // B=11 -> 1, so FB12345672 has the same check digit as F112345672 would.
        assertThat(NationalId.isValid("F112345672")).isTrue();
        assertThat(NationalId.isValid("FB12345672")).isTrue();
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"A123456788", "A123456780", "B212345671", "A800000015", "AA12345676", "I100000004"})
        void aWrongCheckDigit(String id) {
            assertRefused(() -> NationalId.parse(id, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("check digit");
            assertThat(NationalId.isValid(id)).isFalse();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"A12345678", "A1234567890", "A", " A123456789", "A123456789 "})
        void aWrongLength(String id) {
            assertRefused(() -> NationalId.parse(id, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("10 characters");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"A023456789", "A323456789", "A723456789", "AE12345678", "AZ12345678"})
        void aSecondCharacterThatIsNeitherGenderNorResidentMarker(String id) {
            assertRefused(() -> NationalId.parse(id, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("second character");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"a123456789", "Aa12345675", "aa12345675"})
        void lowerCaseBecauseTheSchemaIsUpperCaseOnly(String id) {
            assertRefused(() -> NationalId.parse(id, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("upper case");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"1123456789", "#123456789", "Ａ123456789"})
        void aFirstCharacterThatIsNotAnAreaLetter(String id) {
            assertRefused(() -> NationalId.parse(id, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("area letter");
        }

        @Test
        void lettersAmongTheDigits() {
            assertRefused(() -> NationalId.parse("A12345678X", FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("digits");
        }

        @Test
        void fullWidthDigits() {
            assertRefused(() -> NationalId.parse("A１２３４５６７８９", FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void arabicIndicDigits() {
            assertRefused(() -> NationalId.parse("A١٢٣٤٥٦٧٨٩", FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void aSingleForeignDigitThatWouldOtherwisePassTheChecksum() {
            // Character.getNumericValue('٩') is 9: a lenient parser would accept this as A123456789.
            assertRefused(() -> NationalId.parse("A12345678٩", FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> NationalId.parse(null, FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD);
            assertRefused(() -> NationalId.parse("", FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD);
        }

        @Test
        void withoutEchoingTheFullId() {
            assertRefused(() -> NationalId.parse("A123456788", FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .hasMessageContaining("A1******88")
                    .hasMessageNotContaining("A123456788");
        }

        @Test
        void aHugeValueWithoutEchoingIt() {
            assertRefused(() -> NationalId.parse("A".repeat(1_000_000), FIELD), GatewayError.INVALID_NATIONAL_ID, FIELD)
                    .message().hasSizeLessThan(200);
        }

        @Test
        void underTheDefaultFieldNameWhenNoneIsGiven() {
            assertRefused(() -> NationalId.parse("A123456788"), GatewayError.INVALID_NATIONAL_ID, "nationalId");
        }
    }
}
