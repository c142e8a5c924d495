package tw.gov.aee.gateway.documents;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tw.gov.aee.gateway.GatewayError;

/**
 * A branch's case number (案號), such as {@code 108年公退罰執特專字第00092475號}: the ROC year the
 * case was opened, the case word (字) that names the branch and the kind of case, and a serial.
 *
 * <p>Form (design brief §3; the branches' numbering as printed on enforcement orders): ROC year
 * of two or three ASCII digits + {@code 年} + the word, made of CJK ideographs only + {@code 字第}
 * + a serial of five to eight ASCII digits + {@code 號}. The serial keeps its leading zeros, since
 * branches and banks compare case numbers as text. Nothing may surround the number.
 *
 * @param year the ROC year, e.g. 108
 * @param word the case word without 字, e.g. {@code 公退罰執特專}
 * @param serial the serial as written, with its leading zeros, e.g. {@code 00092475}
 */
public record CaseNumber(int year, String word, String serial) {

    private static final String DEFAULT_FIELD = "caseNumber";
    private static final Pattern FORM =
            Pattern.compile("([0-9]{2,3})年(\\p{IsHan}{1,20}?)字第([0-9]{5,8})號");
    private static final Pattern WORD = Pattern.compile("\\p{IsHan}{1,20}");
    private static final Pattern SERIAL = Pattern.compile("[0-9]{5,8}");

    public CaseNumber {
        Objects.requireNonNull(word, "word");
        Objects.requireNonNull(serial, "serial");
        if (year < 1 || year > 999) {
            throw invalid(DEFAULT_FIELD, "ROC year must be 1 to 999, was " + year);
        }
        if (!WORD.matcher(word).matches()) {
            throw invalid(DEFAULT_FIELD, "the case word must be 1 to 20 CJK ideographs");
        }
        if (!SERIAL.matcher(serial).matches()) {
            throw invalid(DEFAULT_FIELD, "the serial must be 5 to 8 digits 0-9");
        }
    }

    /** Parses a case number; errors name the field {@code caseNumber}. */
    public static CaseNumber parse(String text) {
        return parse(text, DEFAULT_FIELD);
    }

    /**
     * Parses a case number.
     *
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#INVALID_CASE_NUMBER}
     */
    public static CaseNumber parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(text, field);
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw invalid(field, Masking.excerpt(text) + " does not follow the form"
                    + " 108年公退罰執特專字第00092475號 (ROC year of 2-3 digits, 年, a word of CJK"
                    + " ideographs, 字第, a serial of 5-8 digits, 號)");
        }
        int year = Integer.parseInt(m.group(1));
        if (year < 1) {
            throw invalid(field, Masking.excerpt(text) + ": ROC year must be at least 1");
        }
        return new CaseNumber(year, m.group(2), m.group(3));
    }

    /** The case number as text, e.g. {@code 108年公退罰執特專字第00092475號}. */
    public String value() {
        return year + "年" + word + "字第" + serial + "號";
    }

    @Override
    public String toString() {
        return value();
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_CASE_NUMBER, field, message);
    }
}
