package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void showsOnlyTheFirstTwoAndLastTwoCharactersOfANationalId() {
        assertThat(Masking.mask("A123456789")).isEqualTo("A1******89");
    }

    @Test
    void masksAccountNumbersTheSameWay() {
        assertThat(Masking.mask("00112233445566")).isEqualTo("00**********66");
    }

    @Test
    void masksShortValuesEntirely() {
        assertThat(Masking.mask("1234")).isEqualTo("****");
        assertThat(Masking.mask("12345")).isEqualTo("12*45");
        assertThat(Masking.mask("")).isEmpty();
    }

    @Test
    void passesNullThrough() {
        assertThat(Masking.mask(null)).isNull();
    }

    @Test
    void countsCodePointsNotChars() {
        assertThat(Masking.mask("\uD835\uDFCF23456789")).isEqualTo("\uD835\uDFCF2*****89");
    }

    @Test
    void neverLetsAControlCharacterIntoALogLine() {
        assertThat(Masking.mask("\nA12345678\r")).isEqualTo("?A*******8?");
    }

    @Test
    void boundsAndQuotesExcerptsOfOtherValues() {
        assertThat(Masking.excerpt("107/02/30")).isEqualTo("\"107/02/30\"");
        assertThat(Masking.excerpt("x".repeat(100))).isEqualTo("\"" + "x".repeat(40) + "…\"");
        assertThat(Masking.excerpt("a\nb")).isEqualTo("\"a?b\"");
    }
}
