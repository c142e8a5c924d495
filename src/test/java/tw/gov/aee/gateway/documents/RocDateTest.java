package tw.gov.aee.gateway.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static tw.gov.aee.gateway.documents.RuleAssertions.assertRefused;

import java.time.LocalDate;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tw.gov.aee.gateway.GatewayError;

class RocDateTest {

    private static final String FIELD = "order.issueDate";
    private static final LocalDate MARCH_8_2018 = LocalDate.of(2018, 3, 8);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "民國107年3月8日", "107年3月8日", "民國107年03月08日", "107/03/08", "107/3/8",
        "107.03.08", "107.3.8", "1070308", " 107/03/08 "
    })
    void readsEveryLegacyForm(String text) {
        assertThat(RocDate.parse(text, FIELD).toLocalDate()).isEqualTo(MARCH_8_2018);
    }

    @Test
    void readsZeroPaddedYears() {
        assertThat(RocDate.parse("0990308").toLocalDate()).isEqualTo(LocalDate.of(2010, 3, 8));
        assertThat(RocDate.parse("099/03/08").toLocalDate()).isEqualTo(LocalDate.of(2010, 3, 8));
        assertThat(RocDate.parse("99年3月8日").toLocalDate()).isEqualTo(LocalDate.of(2010, 3, 8));
        assertThat(RocDate.parse("0010101").toLocalDate()).isEqualTo(LocalDate.of(1912, 1, 1));
    }

    @Test
    void rendersForPeopleAndForLegacyFiles() {
        assertThat(RocDate.format(MARCH_8_2018)).isEqualTo("民國107年3月8日");
        assertThat(RocDate.formatShort(MARCH_8_2018)).isEqualTo("107/03/08");
        assertThat(RocDate.formatCompact(MARCH_8_2018)).isEqualTo("1070308");
        assertThat(RocDate.formatShort(LocalDate.of(2010, 3, 8))).isEqualTo("099/03/08");
        assertThat(RocDate.of(MARCH_8_2018).toString()).isEqualTo("民國107年3月8日");
    }

    @Test
    void exposesTheRocYearMonthAndDay() {
        RocDate date = RocDate.of(107, 3, 8);

        assertThat(date.year()).isEqualTo(107);
        assertThat(date.month()).isEqualTo(3);
        assertThat(date.day()).isEqualTo(8);
        assertThat(date.toLocalDate()).isEqualTo(MARCH_8_2018);
    }

    @Test
    void acceptsTheLeapDayOf109() {
        assertThat(RocDate.parse("民國109年2月29日").toLocalDate()).isEqualTo(LocalDate.of(2020, 2, 29));
        assertThat(RocDate.format(LocalDate.of(2020, 2, 29))).isEqualTo("民國109年2月29日");
    }

    @Test
    void roundTripsEveryDayFromThe1stToThe120thYearInEveryForm() {
        int checked = 0;
        for (LocalDate day = RocDate.FIRST_DAY; day.getYear() <= 1911 + 120; day = day.plusDays(1)) {
            assertThat(RocDate.parse(RocDate.format(day)).toLocalDate()).isEqualTo(day);
            assertThat(RocDate.parse(RocDate.formatShort(day)).toLocalDate()).isEqualTo(day);
            assertThat(RocDate.parse(RocDate.formatCompact(day)).toLocalDate()).isEqualTo(day);
            checked++;
        }
        assertThat(checked).isEqualTo(43_830); // 120 years of which 30 are leap years
    }

    @Test
    void roundTripsTheEdgesOfTheRange() {
        assertThat(RocDate.format(RocDate.FIRST_DAY)).isEqualTo("民國1年1月1日");
        assertThat(RocDate.formatShort(RocDate.LAST_DAY)).isEqualTo("999/12/31");
        assertThat(RocDate.parse("民國999年12月31日").toLocalDate()).isEqualTo(RocDate.LAST_DAY);
    }

    @Nested
    class Refuses {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"107/02/30", "民國110年2月29日", "110/02/29", "1070431", "107/13/01", "107/00/10", "107/01/00", "107年1月32日"})
        void impossibleDates(String text) {
            assertRefused(() -> RocDate.parse(text, FIELD), GatewayError.INVALID_ROC_DATE, FIELD)
                    .hasMessageContaining("does not exist");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"0/01/01", "民國0年1月1日", "000/01/01", "0000101"})
        void yearsBeforeTheFirst(String text) {
            assertRefused(() -> RocDate.parse(text, FIELD), GatewayError.INVALID_ROC_DATE, FIELD)
                    .hasMessageContaining("year");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            // Years have at most three digits, so a Gregorian 2018/03/08 is never read as 民國2018年.
            "2018/03/08", "民國0107年3月8日", "2018-03-08", "107-03-08", "107/03", "107年3月", "民國107年3月8", "1070308 1",
            "070308", "10703081", "107/003/08", "中華民國107年3月8日", "民國一百零七年三月八日", "民國 107 年 3 月 8 日", "107/03.08"
        })
        void textThatIsNoAcceptedForm(String text) {
            assertRefused(() -> RocDate.parse(text, FIELD), GatewayError.INVALID_ROC_DATE, FIELD)
                    .hasMessageContaining("is not a ROC date");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"１０７/０３/０８", "民國１０７年３月８日", "１０７０３０８", "107/03/٠٨"})
        void fullWidthAndOtherScriptsDigits(String text) {
            assertRefused(() -> RocDate.parse(text, FIELD), GatewayError.NON_ASCII_DIGITS, FIELD);
        }

        @Test
        void aMissingValue() {
            assertRefused(() -> RocDate.parse(null, FIELD), GatewayError.INVALID_ROC_DATE, FIELD);
            assertRefused(() -> RocDate.parse("  ", FIELD), GatewayError.INVALID_ROC_DATE, FIELD);
        }

        @Test
        void gregorianDatesOutsideTheRocRange() {
            assertRefused(() -> RocDate.format(LocalDate.of(1911, 12, 31)), GatewayError.INVALID_ROC_DATE, "rocDate");
            assertRefused(() -> RocDate.of(LocalDate.of(2911, 1, 1)), GatewayError.INVALID_ROC_DATE, "rocDate");
        }

        @Test
        void impossibleDatesBuiltFromParts() {
            assertRefused(() -> RocDate.of(110, 2, 29), GatewayError.INVALID_ROC_DATE, "rocDate");
        }
    }
}
