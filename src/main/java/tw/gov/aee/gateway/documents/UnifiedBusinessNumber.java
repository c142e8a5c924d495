package tw.gov.aee.gateway.documents;

import java.util.Objects;

import tw.gov.aee.gateway.GatewayError;

/**
 * An obligor's 8-digit unified business number (營利事業統一編號), the ID of companies,
 * businesses and organisations.
 *
 * <p>Checksum (Ministry of Finance, Fiscal Information Agency: the check-digit logic and its 2023
 * revision, 統一編號檢查碼邏輯修正): multiply the digits by the weights 1,2,1,2,1,2,4,1, add up
 * the digits of each product (so 18 counts 1+8=9), and the number is valid when the sum is divisible by 10 under the
 * {@link Rule#ORIGINAL original} rule, or by 5 under the {@link Rule#EXTENDED_2023 2023} rule,
 * which the Ministry introduced because the original space of numbers was running out. When the
 * seventh digit is 7, its product 28 gives 2+8=10, which may count as 1+0=1 or as 0: the number
 * is valid if either the sum or the sum plus one is divisible (so {@code 10458575} and
 * {@code 10458574} are both valid).
 *
 * <p>{@link #parse(String)} applies the 2023 rule: every number valid under the original rule
 * stays valid under it, and numbers issued since 2023 need it. Messages mask the number, since a
 * misplaced personal ID may arrive in this field.
 *
 * @param value the 8 ASCII digits
 */
public record UnifiedBusinessNumber(String value) {

    /** Which divisor the checksum uses. */
    public enum Rule {
        /** Sum divisible by 10: numbers issued before the 2023 extension. */
        ORIGINAL(10),
        /** Sum divisible by 5: the Ministry of Finance's 2023 extension; accepts all original numbers. */
        EXTENDED_2023(5);

        private final int divisor;

        Rule(int divisor) {
            this.divisor = divisor;
        }
    }

    private static final String DEFAULT_FIELD = "businessNumber";
    private static final int LENGTH = 8;
    private static final int[] WEIGHTS = {1, 2, 1, 2, 1, 2, 4, 1};
    private static final int SEVENTH = 6;

    public UnifiedBusinessNumber {
        Objects.requireNonNull(value, "value");
    }

    /** Parses under the 2023 rule; errors name the field {@code businessNumber}. */
    public static UnifiedBusinessNumber parse(String value) {
        return parse(value, DEFAULT_FIELD);
    }

    /**
     * Parses under the 2023 rule.
     *
     * @param field the field path reported on failure, e.g. {@code obligor.businessNumber}
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#INVALID_BUSINESS_NUMBER}
     */
    public static UnifiedBusinessNumber parse(String value, String field) {
        return parse(value, field, Rule.EXTENDED_2023);
    }

    /** Parses under the given rule. */
    public static UnifiedBusinessNumber parse(String value, String field, Rule rule) {
        Objects.requireNonNull(rule, "rule");
        if (value == null || value.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(value, field);
        if (value.length() != LENGTH) {
            // No echo, not even masked: the value may be megabytes long.
            throw invalid(field, "must be exactly 8 digits 0-9, got " + value.codePointCount(0, value.length())
                    + " characters");
        }
        if (!AsciiDigits.isAllAsciiDigits(value)) {
            throw invalid(field, "must be exactly 8 digits 0-9 (" + Masking.mask(value) + ")");
        }
        if (!checksumHolds(value, rule)) {
            throw invalid(field, "check digit does not match (" + Masking.mask(value) + ")");
        }
        return new UnifiedBusinessNumber(value);
    }

    /** {@code true} if the value is 8 ASCII digits whose checksum holds under the rule. */
    public static boolean isValid(String value, Rule rule) {
        Objects.requireNonNull(rule, "rule");
        return value != null && value.length() == LENGTH && AsciiDigits.isAllAsciiDigits(value)
                && checksumHolds(value, rule);
    }

    private static boolean checksumHolds(String digits, Rule rule) {
        int sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            int product = (digits.charAt(i) - '0') * WEIGHTS[i];
            sum += product / 10 + product % 10;
        }
        // The 7-case: 28 -> 10 above; counting it as 1 instead is sum - 9, i.e. sum + 1 modulo 5 and 10.
        return sum % rule.divisor == 0
                || digits.charAt(SEVENTH) == '7' && (sum + 1) % rule.divisor == 0;
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_BUSINESS_NUMBER, field, message);
    }
}
