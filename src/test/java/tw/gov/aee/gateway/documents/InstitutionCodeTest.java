package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class InstitutionCodeTest {

    private static final String FIELD = "recipients[2].institutionCode";
    /** Bank of Taiwan, Land Bank, Chunghwa Post. */
    private static final Predicate<String> DIRECTORY = Set.of("004", "005", "700")::contains;

    @Test
    void acceptsAKnownHeadOffice() {
        InstitutionCode code = InstitutionCode.parse("004", FIELD, DIRECTORY);

        assertThat(code.headOffice()).isEqualTo("004");
        assertThat(code.branch()).isNull();
        assertThat(code.branchCode()).isEmpty();
        assertThat(code.hasBranch()).isFalse();
        assertThat(code.value()).isEqualTo("004");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0040015", "004-0015"})
    void acceptsABranchWithOrWithoutHyphen(String text) {
        InstitutionCode code = InstitutionCode.parse(text, DIRECTORY);

        assertThat(code.headOffice()).isEqualTo("004");
        assertThat(code.branchCode()).contains("0015");
        assertThat(code.value()).isEqualTo("0040015");
        assertThat(code).hasToString("0040015");
    }

    @Test
    void dropsTheBranchForTheInstitutionAsAWhole() {
        assertThat(InstitutionCode.parse("004-0015", DIRECTORY).headOfficeOnly())
                .isEqualTo(InstitutionCode.parse("004", DIRECTORY));
    }

    @Test
    void asksTheDirectoryAboutTheHeadOfficeOnly() {
        Set<String> asked = new HashSet<>();
        InstitutionCode.parse("7000015", code -> asked.add(code));

        assertThat(asked).containsExactly("700");
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"999", "0060015", "006-0015"})
        void headOfficesNotInTheDirectory(String text) {
            assertRefused(() -> InstitutionCode.parse(text, FIELD, DIRECTORY), GatewayError.UNKNOWN_INSTITUTION, FIELD)
                    .hasMessageContaining("participants directory");
        }

        @ParameterizedTest(name = "\"{0}\"")
        @ValueSource(strings = {"04", "0040", "00400", "004001", "00400150", "004--0015", "004 0015", "004/0015",
            "004-015", "-0040015", "bank.004.in", "../004", "004\n"})
        void malformedCodesBeforeTheyNameAQueueOrAFile(String text) {
            assertRefused(() -> InstitutionCode.parse(text, FIELD, DIRECTORY), GatewayError.UNKNOWN_INSTITUTION, FIELD)
                    .hasMessageNotContaining("\n");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"００４", "004-００15", "٠٠٤"})
        void fullWidthAndOtherScriptsDigits(String text) {
            assertRefused(() -> InstitutionCode.parse(text, FIELD, DIRECTORY), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> InstitutionCode.parse(null, FIELD, DIRECTORY), GatewayError.UNKNOWN_INSTITUTION, FIELD);
            assertRefused(() -> InstitutionCode.parse("", FIELD, DIRECTORY), GatewayError.UNKNOWN_INSTITUTION, FIELD);
        }

        @Test
        void badPartsThroughTheConstructor() {
            assertRefused(() -> new InstitutionCode("04", null), GatewayError.UNKNOWN_INSTITUTION, "institutionCode");
            assertRefused(() -> new InstitutionCode("004", "15"), GatewayError.UNKNOWN_INSTITUTION, "institutionCode");
        }
    }
}
