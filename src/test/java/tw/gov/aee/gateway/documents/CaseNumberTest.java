package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class CaseNumberTest {

    private static final String FIELD = "cases[0].caseNumber";

    @Test
    void splitsACaseNumberIntoYearWordAndSerial() {
        CaseNumber number = CaseNumber.parse("108年公退罰執特專字第00092475號", FIELD);

        assertThat(number.year()).isEqualTo(108);
        assertThat(number.word()).isEqualTo("公退罰執特專");
        assertThat(number.serial()).isEqualTo("00092475");
        assertThat(number.value()).isEqualTo("108年公退罰執特專字第00092475號");
        assertThat(number).hasToString("108年公退罰執特專字第00092475號");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"99年營所稅執字第12345號", "110年健保執專字第1234567號", "107年北市交執字第12345678號", "111年勞執字第00001號"})
    void acceptsTwoOrThreeDigitYearsAndFiveToEightDigitSerials(String text) {
        assertThat(CaseNumber.parse(text).value()).isEqualTo(text);
    }

    @Test
    void keepsTheSerialsLeadingZerosBecauseCaseNumbersAreComparedAsText() {
        assertThat(CaseNumber.parse("111年勞執字第00001號").serial()).isEqualTo("00001");
        assertThat(CaseNumber.parse("111年勞執字第00001號")).isNotEqualTo(CaseNumber.parse("111年勞執字第000001號"));
    }

    @Test
    void isEqualForTheSameText() {
        assertThat(CaseNumber.parse("108年公退罰執特專字第00092475號"))
                .isEqualTo(new CaseNumber(108, "公退罰執特專", "00092475"));
    }

    @Nested
    class Refuses {

        @Test
        void aMissing號() {
            assertRefused(() -> CaseNumber.parse("108年公退罰執特專字第00092475", FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"108年ABC字第00092475號", "108年公退A執字第00092475號", "108年ＡＢ字第00092475號", "108年公 退字第00092475號", "108年字第00092475號"})
        void aWordThatIsNotCjkIdeographsOnly(String text) {
            assertRefused(() -> CaseNumber.parse(text, FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"１０８年公退罰執特專字第00092475號", "108年公退罰執特專字第０００９２４７５號", "108年公退罰執特專字第0009247٥號"})
        void fullWidthAndOtherScriptsDigits(String text) {
            assertRefused(() -> CaseNumber.parse(text, FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "8年公退罰執特專字第00092475號",          // one-digit year
            "1108年公退罰執特專字第00092475號",       // four-digit year
            "00年公退罰執特專字第00092475號",         // year 0
            "108年公退罰執特專字第1234號",            // serial too short
            "108年公退罰執特專字第123456789號",       // serial too long
            "108年公退罰執特專00092475號",            // no 字第
            "108公退罰執特專字第00092475號",          // no 年
            "108年公退罰執特專字00092475號",          // no 第
            " 108年公退罰執特專字第00092475號",       // surrounding space
            "108年公退罰執特專字第00092475號(副本)",  // trailing text
            "108年一二三四五六七八九十一二三四五六七八九十一字第00092475號" // word longer than 20
        })
        void anythingElseOffTheForm(String text) {
            assertRefused(() -> CaseNumber.parse(text, FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD);
        }

        @Test
        void aHugeValueWithABoundedMessage() {
            assertRefused(() -> CaseNumber.parse("108年" + "公".repeat(1_000_000), FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD)
                    .message().hasSizeLessThan(300);
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> CaseNumber.parse(null, FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD);
            assertRefused(() -> CaseNumber.parse("", FIELD), GatewayError.INVALID_CASE_NUMBER, FIELD);
        }

        @Test
        void badPartsThroughTheConstructor() {
            assertRefused(() -> new CaseNumber(108, "ABC", "00092475"), GatewayError.INVALID_CASE_NUMBER, "caseNumber");
            assertRefused(() -> new CaseNumber(108, "公退", "1234"), GatewayError.INVALID_CASE_NUMBER, "caseNumber");
            assertRefused(() -> new CaseNumber(0, "公退", "12345"), GatewayError.INVALID_CASE_NUMBER, "caseNumber");
        }
    }
}
