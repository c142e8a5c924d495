package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.documents.UnifiedBusinessNumber.Rule;

class UnifiedBusinessNumberTest {

    private static final String FIELD = "obligor.businessNumber";

    @Test
    void acceptsANumberValidUnderBothRules() {
        // 0,8,5,1+8,5,4,2+0,7 = 40
        assertThat(UnifiedBusinessNumber.parse("04595257").value()).isEqualTo("04595257");
        assertThat(UnifiedBusinessNumber.isValid("04595257", Rule.ORIGINAL)).isTrue();
        assertThat(UnifiedBusinessNumber.isValid("04595257", Rule.EXTENDED_2023)).isTrue();
    }

    @Test
    void acceptsBothReadingsOfTheSeventhDigitSeven() {
        // 7 x 4 = 28 -> 10: counted as 10 the sum of 10458575 is 30; counted as 1, that of 10458574 is 21 + 9 = 30.
        assertThat(UnifiedBusinessNumber.isValid("10458575", Rule.ORIGINAL)).isTrue();
        assertThat(UnifiedBusinessNumber.isValid("10458574", Rule.ORIGINAL)).isTrue();
        assertThat(UnifiedBusinessNumber.parse("10458574").value()).isEqualTo("10458574");
    }

    @Test
    void acceptsTheSeventhDigitSevenReadingUnderThe2023Rule() {
        // Sum 44: neither 44 nor 45 is divisible by 10, but 45 is by 5.
        assertThat(UnifiedBusinessNumber.isValid("79343270", Rule.ORIGINAL)).isFalse();
        assertThat(UnifiedBusinessNumber.isValid("79343270", Rule.EXTENDED_2023)).isTrue();
    }

    @Test
    void acceptsANumberValidOnlyUnderThe2023RuleByDefault() {
        // 0,8,5,1+8,5,4,2+0,2 = 35: divisible by 5, not by 10.
        assertThat(UnifiedBusinessNumber.isValid("04595252", Rule.ORIGINAL)).isFalse();
        assertThat(UnifiedBusinessNumber.isValid("04595252", Rule.EXTENDED_2023)).isTrue();
        assertThat(UnifiedBusinessNumber.parse("04595252", FIELD).value()).isEqualTo("04595252");
    }

    @Test
    void appliesTheOriginalRuleWhenAskedTo() {
        assertRefused(() -> UnifiedBusinessNumber.parse("04595252", FIELD, Rule.ORIGINAL),
                GatewayError.INVALID_BUSINESS_NUMBER, FIELD);
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"04595251", "04595253", "12345678", "10458576", "10458573"})
        void aWrongCheckDigit(String number) {
            assertRefused(() -> UnifiedBusinessNumber.parse(number, FIELD), GatewayError.INVALID_BUSINESS_NUMBER, FIELD)
                    .hasMessageContaining("check digit");
            assertThat(UnifiedBusinessNumber.isValid(number, Rule.EXTENDED_2023)).isFalse();
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"0459525", "045952570", "0459525A", "-4595257", " 4595257", "0459 5257", "A123456789"})
        void anythingButEightAsciiDigits(String number) {
            assertRefused(() -> UnifiedBusinessNumber.parse(number, FIELD), GatewayError.INVALID_BUSINESS_NUMBER, FIELD)
                    .hasMessageContaining("8 digits");
            assertThat(UnifiedBusinessNumber.isValid(number, Rule.EXTENDED_2023)).isFalse();
        }

        @Test
        void withoutEchoingAMisplacedNationalId() {
            assertRefused(() -> UnifiedBusinessNumber.parse("A123456789", FIELD), GatewayError.INVALID_BUSINESS_NUMBER, FIELD)
                    .hasMessageNotContaining("A123456789");
        }

        @Test
        void aHugeValueWithoutEchoingIt() {
            assertRefused(() -> UnifiedBusinessNumber.parse("1".repeat(1_000_000), FIELD), GatewayError.INVALID_BUSINESS_NUMBER, FIELD)
                    .message().hasSizeLessThan(200);
        }

        @Test
        void fullWidthDigits() {
            assertRefused(() -> UnifiedBusinessNumber.parse("０４５９５２５７", FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
            assertThat(UnifiedBusinessNumber.isValid("０４５９５２５７", Rule.EXTENDED_2023)).isFalse();
        }

        @Test
        void arabicIndicDigits() {
            assertRefused(() -> UnifiedBusinessNumber.parse("٠٤٥٩٥٢٥٧", FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> UnifiedBusinessNumber.parse(null, FIELD), GatewayError.INVALID_BUSINESS_NUMBER, FIELD);
            assertThat(UnifiedBusinessNumber.isValid(null, Rule.ORIGINAL)).isFalse();
        }
    }
}
