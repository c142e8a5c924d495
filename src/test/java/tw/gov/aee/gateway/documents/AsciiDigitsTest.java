package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class AsciiDigitsTest {

    @Test
    void acceptsAsciiDigitsLettersAndIdeographs() {
        assertThatCode(() -> AsciiDigits.require("108年公退罰執特專字第00092475號", "caseNumber"))
                .doesNotThrowAnyException();
        assertThat(AsciiDigits.containsNonAsciiDigit("A123456789")).isFalse();
    }

    @Test
    void letsAbsentValuesThroughForTheCallerToJudge() {
        assertThatCode(() -> AsciiDigits.require(null, "x")).doesNotThrowAnyException();
        assertThat(AsciiDigits.containsNonAsciiDigit(null)).isFalse();
    }

    @Test
    void treatsOnlyZeroToNineAsAsciiDigits() {
        assertThat(AsciiDigits.isAllAsciiDigits("0123456789")).isTrue();
        assertThat(AsciiDigits.isAllAsciiDigits("")).isFalse();
        assertThat(AsciiDigits.isAllAsciiDigits("12a")).isFalse();
        assertThat(AsciiDigits.isAsciiDigit('５')).isFalse();
    }

    @Test
    void doesNotMistakeChineseNumeralsOrCircledNumbersForDigits() {
        // Not Unicode decimal digits (Nd): the individual rules refuse them as malformed instead.
        assertThat(AsciiDigits.containsNonAsciiDigit("一百零七年")).isFalse();
        assertThat(AsciiDigits.containsNonAsciiDigit("①")).isFalse();
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "A１23456789",        // full-width digit one
            "A١23456789",         // Arabic-Indic digit one
            "A۱23456789",         // extended Arabic-Indic (Persian) digit one
            "A१23456789",         // Devanagari digit one
            "A\uD835\uDFCF23456789" // mathematical bold digit one, outside the BMP
        })
        void digitsOfOtherScripts(String value) {
            assertRefused(() -> AsciiDigits.require(value, "obligor.nationalId"),
                    GatewayError.NON_ASCII_DIGITS, "obligor.nationalId");
            assertThat(AsciiDigits.containsNonAsciiDigit(value)).isTrue();
        }

        @Test
        void namingTheCharacterAndPositionButNotTheValue() {
            assertRefused(() -> AsciiDigits.require("A1２3456789", "obligor.nationalId"),
                    GatewayError.NON_ASCII_DIGITS, "obligor.nationalId")
                    .hasMessageContaining("U+FF12")
                    .hasMessageContaining("FULLWIDTH DIGIT TWO")
                    .hasMessageContaining("position 3")
                    .hasMessageNotContaining("3456789");
        }
    }
}
