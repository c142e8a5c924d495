package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import java.math.BigDecimal;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class NtDollarsTest {

    private static final String FIELD = "order.amount";

    @Test
    void acceptsPositiveWholeAmountsFromEverySource() {
        assertThat(NtDollars.of(1).value()).isEqualTo(1);
        assertThat(NtDollars.parse("92475", FIELD).value()).isEqualTo(92_475);
        assertThat(NtDollars.of(new BigDecimal("92475"), FIELD).value()).isEqualTo(92_475);
        assertThat(NtDollars.of(NtDollars.MAX).value()).isEqualTo(999_999_999_999L);
        assertThat(NtDollars.parse("999999999999").value()).isEqualTo(NtDollars.MAX);
    }

    @Test
    void readsLeadingZerosAsTheSameAmount() {
        assertThat(NtDollars.parse("000450")).isEqualTo(NtDollars.of(450));
        assertThat(NtDollars.parse("0000000000000001")).isEqualTo(NtDollars.of(1));
    }

    @Test
    void acceptsWholeBigDecimalsWrittenWithAnExponent() {
        // Scale -2: whole by construction, unlike 100.00.
        assertThat(NtDollars.of(new BigDecimal("1E+2")).value()).isEqualTo(100);
    }

    @Test
    void ordersAndPrintsAmountsForPeople() {
        assertThat(NtDollars.of(450)).isLessThan(NtDollars.of(451));
        assertThat(NtDollars.of(1_234_567)).hasToString("NT$1,234,567");
        assertThat(NtDollars.of(250).toBigDecimal()).isEqualByComparingTo("250");
    }

    @Test
    void letsBalancesAndFeesBeZero() {
        assertThat(NtDollars.NonNegative.of(0).isZero()).isTrue();
        assertThat(NtDollars.NonNegative.parse("0", "reply.balance")).isEqualTo(NtDollars.NonNegative.ZERO);
        assertThat(NtDollars.NonNegative.of(BigDecimal.ZERO).value()).isZero();
        assertThat(NtDollars.NonNegative.parse("250").value()).isEqualTo(250);
        assertThat(NtDollars.NonNegative.of(NtDollars.MAX).value()).isEqualTo(NtDollars.MAX);
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void zeroAndNegativeAmounts(long amount) {
            assertRefused(() -> NtDollars.of(amount, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
            assertRefused(() -> NtDollars.of(BigDecimal.valueOf(amount), FIELD), GatewayError.INVALID_AMOUNT, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"100.5", "100.00", "100.0", "0.5", "1E-2"})
        void fractionsEvenWhenTheyAreZero(String amount) {
            assertRefused(() -> NtDollars.of(new BigDecimal(amount), FIELD), GatewayError.INVALID_AMOUNT, FIELD)
                    .hasMessageContaining("fraction");
            assertRefused(() -> NtDollars.parse(amount, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
        }

        @Test
        void fractionsInTextWithAHint() {
            assertRefused(() -> NtDollars.parse("100.00", FIELD), GatewayError.INVALID_AMOUNT, FIELD)
                    .hasMessageContaining("fractions are not accepted");
        }

        @Test
        void amountsAboveTheMaximum() {
            assertRefused(() -> NtDollars.of(NtDollars.MAX + 1, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
            assertRefused(() -> NtDollars.parse("1000000000000", FIELD), GatewayError.INVALID_AMOUNT, FIELD);
            assertRefused(() -> NtDollars.parse("99999999999999999999999", FIELD), GatewayError.INVALID_AMOUNT, FIELD);
            assertRefused(() -> NtDollars.of(new BigDecimal("1E+999999999"), FIELD), GatewayError.INVALID_AMOUNT, FIELD);
        }

        @Test
        void hugeExponentsWithoutExpandingThem() {
            assertRefused(() -> NtDollars.of(new BigDecimal("1E-999999999"), FIELD), GatewayError.INVALID_AMOUNT, FIELD)
                    .message().hasSizeLessThan(200);
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"", "+100", "-100", "1,000", "1 000", " 100", "100 ", "1e2", "0x10", "NT$100", "一百"})
        void anythingButAsciiDigitsInText(String amount) {
            assertRefused(() -> NtDollars.parse(amount, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0", "00"})
        void zeroInText(String amount) {
            assertRefused(() -> NtDollars.parse(amount, FIELD), GatewayError.INVALID_AMOUNT, FIELD)
                    .hasMessageContaining("not positive");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"１００", "١٠٠", "10０", "０"})
        void fullWidthAndOtherScriptsDigits(String amount) {
            assertRefused(() -> NtDollars.parse(amount, FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
            assertRefused(() -> NtDollars.NonNegative.parse(amount, FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void missingValues() {
            assertRefused(() -> NtDollars.parse(null, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
            assertRefused(() -> NtDollars.of((BigDecimal) null, FIELD), GatewayError.INVALID_AMOUNT, FIELD);
        }

        @Test
        void negativeBalancesAndFractionalFees() {
            assertRefused(() -> NtDollars.NonNegative.of(-1, "reply.balance"), GatewayError.INVALID_AMOUNT, "reply.balance");
            assertRefused(() -> NtDollars.NonNegative.of(new BigDecimal("250.00"), "reply.fee"), GatewayError.INVALID_AMOUNT, "reply.fee");
            assertRefused(() -> NtDollars.NonNegative.parse("1000000000000", "reply.balance"), GatewayError.INVALID_AMOUNT, "reply.balance");
        }

        @Test
        void outOfRangeValuesEvenThroughTheConstructor() {
            assertRefused(() -> new NtDollars(0), GatewayError.INVALID_AMOUNT, "amount");
            assertRefused(() -> new NtDollars.NonNegative(-5), GatewayError.INVALID_AMOUNT, "amount");
        }
    }
}
