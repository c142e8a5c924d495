package tw.gov.aee.gateway.documents;

import java.math.BigDecimal;

import tw.gov.aee.gateway.GatewayError;

/**
 * A positive amount of whole New Taiwan dollars: the amount to enforce, referred, seized or
 * revoked.
 *
 * <p>Design brief §3 ("amount to enforce (whole NT$)") and §4 ("fractions in NT$ amounts are
 * errors, not coercions"): the NT dollar is enforced in whole dollars, so a fraction is refused
 * even when it is zero ({@code 100.00}) — a sender that writes cents has a different idea of the
 * field, and rounding would hide it. Amounts range from 1 to 999,999,999,999 (twelve digits, the
 * widest amount field in the banks' fixed-width files). Strings are ASCII digits only: no sign,
 * no separators, no spaces, no exponent.
 *
 * <p>Amounts that may be zero (balances, fees, amounts seized) use {@link NonNegative}.
 *
 * @param value the amount in NT$
 */
public record NtDollars(long value) implements Comparable<NtDollars> {

    /** The largest amount accepted: NT$999,999,999,999. */
    public static final long MAX = 999_999_999_999L;

    private static final String DEFAULT_FIELD = "amount";
    private static final int MAX_DIGITS = 12;

    public NtDollars {
        if (value < 1 || value > MAX) {
            throw invalid(DEFAULT_FIELD, "must be 1 to " + MAX + " NT dollars, was " + value);
        }
    }

    /** @throws DocumentRuleException {@link GatewayError#INVALID_AMOUNT} unless 1 to {@link #MAX} */
    public static NtDollars of(long value) {
        return of(value, DEFAULT_FIELD);
    }

    public static NtDollars of(long value, String field) {
        return new NtDollars(check(value, field, 1));
    }

    /** @throws DocumentRuleException {@link GatewayError#INVALID_AMOUNT} for fractions (even {@code 100.00}), zero, negatives, too large */
    public static NtDollars of(BigDecimal value) {
        return of(value, DEFAULT_FIELD);
    }

    public static NtDollars of(BigDecimal value, String field) {
        return new NtDollars(check(value, field, 1));
    }

    /**
     * Parses ASCII digits.
     *
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#INVALID_AMOUNT}
     */
    public static NtDollars parse(String text) {
        return parse(text, DEFAULT_FIELD);
    }

    public static NtDollars parse(String text, String field) {
        return new NtDollars(check(text, field, 1));
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(value);
    }

    @Override
    public int compareTo(NtDollars other) {
        return Long.compare(value, other.value);
    }

    /** {@code NT$1,234,567}, for people. */
    @Override
    public String toString() {
        return String.format("NT$%,d", value);
    }

    /**
     * A whole NT$ amount that may be zero: a balance, a fee, an amount seized. Same rules as
     * {@link NtDollars} otherwise (0 to {@link NtDollars#MAX}, no fractions, ASCII digits).
     *
     * @param value the amount in NT$
     */
    public record NonNegative(long value) implements Comparable<NonNegative> {

        public static final NonNegative ZERO = new NonNegative(0);

        public NonNegative {
            if (value < 0 || value > MAX) {
                throw invalid(DEFAULT_FIELD, "must be 0 to " + MAX + " NT dollars, was " + value);
            }
        }

        public static NonNegative of(long value) {
            return of(value, DEFAULT_FIELD);
        }

        public static NonNegative of(long value, String field) {
            return new NonNegative(check(value, field, 0));
        }

        public static NonNegative of(BigDecimal value) {
            return of(value, DEFAULT_FIELD);
        }

        public static NonNegative of(BigDecimal value, String field) {
            return new NonNegative(check(value, field, 0));
        }

        public static NonNegative parse(String text) {
            return parse(text, DEFAULT_FIELD);
        }

        public static NonNegative parse(String text, String field) {
            return new NonNegative(check(text, field, 0));
        }

        public boolean isZero() {
            return value == 0;
        }

        public BigDecimal toBigDecimal() {
            return BigDecimal.valueOf(value);
        }

        @Override
        public int compareTo(NonNegative other) {
            return Long.compare(value, other.value);
        }

        @Override
        public String toString() {
            return String.format("NT$%,d", value);
        }
    }

    private static long check(long value, String field, long min) {
        if (value < min) {
            throw invalid(field, value + (min == 1 ? " is not positive; amounts must be at least NT$1"
                    : " is negative"));
        }
        if (value > MAX) {
            throw invalid(field, value + " exceeds the maximum of " + MAX);
        }
        return value;
    }

    private static long check(BigDecimal value, String field, long min) {
        if (value == null) {
            throw invalid(field, "is missing");
        }
        // Scale > 0 means digits after the point were written, even zeros: 100.00 is refused.
        // Never echo the value: toPlainString() of 1E-999999999 is a billion characters.
        if (value.scale() > 0) {
            throw invalid(field, "must be whole NT dollars, without a fraction");
        }
        if (value.signum() < 0) {
            throw invalid(field, "is negative");
        }
        if (value.compareTo(BigDecimal.valueOf(MAX)) > 0) {
            throw invalid(field, "exceeds the maximum of " + MAX);
        }
        return check(value.longValueExact(), field, min);
    }

    private static long check(String text, String field, long min) {
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(text, field);
        if (!AsciiDigits.isAllAsciiDigits(text)) {
            String hint = text.indexOf('.') >= 0 ? "; fractions are not accepted" : "";
            throw invalid(field, "must be ASCII digits 0-9 only, without sign, separators or spaces" + hint);
        }
        String significant = text.replaceFirst("^0+(?=.)", "");
        if (significant.length() > MAX_DIGITS) {
            throw invalid(field, "exceeds the maximum of " + MAX);
        }
        return check(Long.parseLong(significant), field, min);
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_AMOUNT, field, message);
    }
}
