package tw.gov.aee.gateway.documents;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tw.gov.aee.gateway.GatewayError;

/**
 * A date in the Republic of China (民國) calendar, as branches, banks and paper copies write it.
 *
 * <p>The ROC calendar is the Gregorian calendar with years counted from 1912 (民國元年): ROC year
 * = Gregorian year − 1911, so 民國107年3月8日 is 2018-03-08. Design brief §9: the XML contract
 * carries Gregorian {@code xs:date}; ROC dates are only parsed from legacy inputs and rendered for
 * people. Years before 民國1年 (民國前) are not supported, nor years beyond 999.
 *
 * <p>Accepted forms: {@code 民國107年3月8日}, {@code 107年3月8日}, {@code 107/03/08},
 * {@code 107/3/8}, {@code 107.03.08}, and the 7-digit form {@code 1070308} (year always
 * zero-padded to three digits: {@code 0990308}). Years have one to three digits, leading zeros
 * allowed, so a Gregorian {@code 2018/03/08} is never mistaken for 民國2018年.
 * Surrounding whitespace is ignored; nothing else is. Impossible dates (107/02/30, 民國110年2月29日)
 * are refused.
 *
 * @param date the same day in the ISO (Gregorian) calendar
 */
public record RocDate(LocalDate date) {

    /** Gregorian year of 民國元年 minus one. */
    public static final int OFFSET = 1911;
    /** Earliest date representable: 民國1年1月1日. */
    public static final LocalDate FIRST_DAY = LocalDate.of(OFFSET + 1, 1, 1);
    /** Latest date representable: 民國999年12月31日 (three-digit years). */
    public static final LocalDate LAST_DAY = LocalDate.of(OFFSET + 999, 12, 31);

    private static final String DEFAULT_FIELD = "rocDate";
    private static final Pattern CHINESE = Pattern.compile("(?:民國)?([0-9]{1,3})年([0-9]{1,2})月([0-9]{1,2})日");
    private static final Pattern SLASHED = Pattern.compile("([0-9]{1,3})/([0-9]{1,2})/([0-9]{1,2})");
    private static final Pattern DOTTED = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,2})\\.([0-9]{1,2})");
    private static final Pattern COMPACT = Pattern.compile("([0-9]{3})([0-9]{2})([0-9]{2})");
    private static final Pattern[] FORMS = {CHINESE, SLASHED, DOTTED, COMPACT};

    public RocDate {
        Objects.requireNonNull(date, "date");
        if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
            throw new IllegalArgumentException("outside 民國1年 to 民國999年: " + date);
        }
    }

    /** Parses any accepted form; errors name the field {@code rocDate}. */
    public static RocDate parse(String text) {
        return parse(text, DEFAULT_FIELD);
    }

    /**
     * Parses any accepted form.
     *
     * @param field the field path reported on failure
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script (full-width {@code １０７/３/８}), else {@link GatewayError#INVALID_ROC_DATE}
     */
    public static RocDate parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(text, field);
        String trimmed = text.strip();
        for (Pattern form : FORMS) {
            Matcher m = form.matcher(trimmed);
            if (m.matches()) {
                return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), field, trimmed);
            }
        }
        throw invalid(field, Masking.excerpt(trimmed) + " is not a ROC date such as 民國107年3月8日,"
                + " 107/03/08, 107.03.08 or 1070308");
    }

    /** The ROC date of a Gregorian date. */
    public static RocDate of(LocalDate date) {
        Objects.requireNonNull(date, "date");
        if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
            throw invalid(DEFAULT_FIELD, date + " lies outside 民國1年 to 民國999年");
        }
        return new RocDate(date);
    }

    /**
     * The date of ROC year, month and day.
     *
     * @throws DocumentRuleException {@link GatewayError#INVALID_ROC_DATE} if the day does not exist
     */
    public static RocDate of(int rocYear, int month, int day) {
        return of(rocYear, month, day, DEFAULT_FIELD, rocYear + "/" + month + "/" + day);
    }

    /** {@code 民國107年3月8日}. */
    public static String format(LocalDate date) {
        return of(date).format();
    }

    /** {@code 107/03/08}: the year zero-padded to three digits, as in fixed-width legacy files. */
    public static String formatShort(LocalDate date) {
        return of(date).formatShort();
    }

    /** {@code 1070308}: the 7-digit form of legacy files. */
    public static String formatCompact(LocalDate date) {
        return of(date).formatCompact();
    }

    /** ROC year, 1 for 1912. */
    public int year() {
        return date.getYear() - OFFSET;
    }

    public int month() {
        return date.getMonthValue();
    }

    public int day() {
        return date.getDayOfMonth();
    }

    public LocalDate toLocalDate() {
        return date;
    }

    /** {@code 民國107年3月8日}. */
    public String format() {
        return "民國" + year() + "年" + month() + "月" + day() + "日";
    }

    /** {@code 107/03/08}. */
    public String formatShort() {
        return String.format("%03d/%02d/%02d", year(), month(), day());
    }

    /** {@code 1070308}. */
    public String formatCompact() {
        return String.format("%03d%02d%02d", year(), month(), day());
    }

    @Override
    public String toString() {
        return format();
    }

    private static RocDate of(int rocYear, int month, int day, String field, String shown) {
        if (rocYear < 1 || rocYear > 999) {
            throw invalid(field, Masking.excerpt(shown) + ": ROC year must be 1 to 999, was " + rocYear);
        }
        try {
            return new RocDate(LocalDate.of(rocYear + OFFSET, month, day));
        } catch (DateTimeException e) {
            throw new DocumentRuleException(GatewayError.INVALID_ROC_DATE, field, Masking.excerpt(shown)
                    + " does not exist (民國" + rocYear + "年" + month + "月" + day + "日)", e);
        }
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_ROC_DATE, field, message);
    }
}
