package tw.gov.aee.gateway.documents;

import tw.gov.aee.gateway.GatewayError;

/**
 * The one place that decides what a digit is.
 *
 * <p>Design brief §4: "Digits are ASCII digits (full-width and other scripts' digits are
 * refused)". Java's {@link Character#isDigit(int)}, regex {@code \d} with
 * {@code UNICODE_CHARACTER_CLASS}, and {@link Integer#parseInt(String)} all accept digits of
 * every script ({@code １２３}, {@code ١٢٣}, {@code १२३}), so a full-width national ID would
 * otherwise pass a checksum and name a different person in the bank's system than in ours.
 * Every rule in this package calls {@link #require(String, String)} before reading digits, so a
 * foreign digit is reported as {@link GatewayError#NON_ASCII_DIGITS}, not as a vague format
 * error.
 */
public final class AsciiDigits {

    private AsciiDigits() {
    }

    /** {@code true} for {@code '0'..'9'} only. */
    public static boolean isAsciiDigit(int codePoint) {
        return codePoint >= '0' && codePoint <= '9';
    }

    /** {@code true} if the value holds a Unicode decimal digit other than {@code '0'..'9'}. */
    public static boolean containsNonAsciiDigit(CharSequence value) {
        return value != null && firstNonAsciiDigit(value) >= 0;
    }

    /** {@code true} if the value is non-empty and made of {@code '0'..'9'} only. */
    public static boolean isAllAsciiDigits(CharSequence value) {
        return value != null && !value.isEmpty() && value.codePoints().allMatch(AsciiDigits::isAsciiDigit);
    }

    /**
     * Refuses a value holding a digit of another script.
     *
     * @param value the value to check; {@code null} passes (absence is the caller's rule)
     * @param field the field path reported, e.g. {@code obligor.nationalId}
     * @throws DocumentRuleException with {@link GatewayError#NON_ASCII_DIGITS}; the message
     *     names the offending character by code point and position, never the value itself
     */
    public static void require(String value, String field) {
        if (value == null) {
            return;
        }
        int index = firstNonAsciiDigit(value);
        if (index >= 0) {
            int cp = value.codePointAt(index);
            throw new DocumentRuleException(GatewayError.NON_ASCII_DIGITS, field,
                    String.format("contains the non-ASCII digit U+%04X (%s) at position %d; only 0-9 are accepted",
                            cp, Character.getName(cp), value.codePointCount(0, index) + 1));
        }
    }

    /** Char index of the first non-ASCII decimal digit, or -1. */
    private static int firstNonAsciiDigit(CharSequence value) {
        for (int i = 0; i < value.length(); ) {
            int cp = Character.codePointAt(value, i);
            if (Character.isDigit(cp) && !isAsciiDigit(cp)) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }
}
