package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class CaseClassTest {

    @ParameterizedTest(name = "NT${0} is {1}")
    @CsvSource({
        "1, GENERAL",
        "199999, GENERAL",
        "200000, SPECIAL",
        "999999, SPECIAL",
        "1000000, MAJOR",
        "999999999999, MAJOR"
    })
    void classifiesByTheReferredAmountAtTheBoundaries(long amount, CaseClass expected) {
        assertThat(CaseClass.of(amount)).isEqualTo(expected);
        assertThat(CaseClass.of(NtDollars.of(amount))).isEqualTo(expected);
    }

    @Test
    void carriesTheChineseLabels() {
        assertThat(CaseClass.GENERAL.label()).isEqualTo("普案");
        assertThat(CaseClass.SPECIAL.label()).isEqualTo("專案");
        assertThat(CaseClass.MAJOR.label()).isEqualTo("特專案");
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(longs = {0, -1, 1_000_000_000_000L})
        void amountsThatCannotBeReferred(long amount) {
            assertRefused(() -> CaseClass.of(amount), GatewayError.INVALID_AMOUNT, "referredAmount");
        }
    }
}
