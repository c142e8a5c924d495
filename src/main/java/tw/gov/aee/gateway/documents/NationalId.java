package tw.gov.aee.gateway.documents;

import java.util.Objects;

import tw.gov.aee.gateway.GatewayError;

/**
 * A Taiwan personal identifier as the obligor's ID on an enforcement order: the national ID
 * (身分證統一編號) or a resident certificate number (居留證統一證號) of a foreign or
 * stateless resident.
 *
 * <p>Formats (Ministry of the Interior; the 2021 resident format is the National Immigration
 * Agency's "新式統一證號", in use since 2021-01-02):
 * <ul>
 *   <li>{@link Kind#NATIONAL}: area letter + gender digit {@code 1}|{@code 2} + 8 digits, e.g.
 *       {@code A123456789};</li>
 *   <li>{@link Kind#RESIDENT_NEW}: area letter + {@code 8}|{@code 9} + 8 digits, e.g.
 *       {@code A800000014};</li>
 *   <li>{@link Kind#RESIDENT_OLD}: area letter + {@code A}–{@code D} + 8 digits, e.g.
 *       {@code AA12345675}; the second letter counts as its letter value mod 10.</li>
 * </ul>
 * Checksum: the area letter becomes two digits by the table A=10 B=11 C=12 D=13 E=14 F=15 G=16
 * H=17 I=34 J=18 K=19 L=20 M=21 N=22 O=35 P=23 Q=24 R=25 S=26 T=27 U=28 V=29 W=32 X=30 Y=31
 * Z=33; those two digits are weighted 1 and 9, the next eight 8,7,6,5,4,3,2,1 and the check
 * digit 1; the sum must be divisible by 10.
 *
 * <p>Upper case only: the XSD pattern is {@code [A-Z]…}, and a lower-case ID accepted here would
 * be refused there (or, worse, differ from the bank's key). Messages mask the ID.
 *
 * @param value the ID as written (upper case, ASCII)
 * @param kind which of the three formats it follows
 */
public record NationalId(String value, Kind kind) {

    /** The three formats. */
    public enum Kind {
        /** 身分證統一編號: second character 1 (male) or 2 (female). */
        NATIONAL,
        /** Resident certificate number, 2021 format: second character 8 (male) or 9 (female). */
        RESIDENT_NEW,
        /** Resident certificate number, pre-2021 format: second character a letter A–D. */
        RESIDENT_OLD
    }

    private static final String DEFAULT_FIELD = "nationalId";
    private static final int LENGTH = 10;
    /** Letter values A..Z; I, O, W, X, Y, Z were added after the original table, hence the order. */
    private static final int[] LETTER_VALUES = {
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21,
        22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33
    };
    private static final int[] WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 1, 1};

    public NationalId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }

    /** Parses and checks an ID; errors name the field {@code nationalId}. */
    public static NationalId parse(String value) {
        return parse(value, DEFAULT_FIELD);
    }

    /**
     * Parses and checks an ID.
     *
     * @param field the field path reported on failure, e.g. {@code obligor.nationalId}
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#INVALID_NATIONAL_ID}
     */
    public static NationalId parse(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(value, field);
        int length = value.codePointCount(0, value.length());
        if (length != LENGTH) {
            // No echo, not even masked: the value may be megabytes long.
            throw invalid(field, "must be 10 characters (a letter and 9 digits), got " + length);
        }
        String masked = Masking.mask(value);
        if (value.length() != LENGTH) {
            throw invalid(field, "must contain only A-Z and 0-9 (" + masked + ")");
        }
        if (isLowerAscii(value.charAt(0)) || isLowerAscii(value.charAt(1))) {
            throw invalid(field, "letters must be upper case A-Z (" + masked + ")");
        }
        if (!isUpper(value.charAt(0))) {
            throw invalid(field, "must start with an area letter A-Z (" + masked + ")");
        }
        char second = value.charAt(1);
        Kind kind;
        if (second == '1' || second == '2') {
            kind = Kind.NATIONAL;
        } else if (second == '8' || second == '9') {
            kind = Kind.RESIDENT_NEW;
        } else if (second >= 'A' && second <= 'D') {
            kind = Kind.RESIDENT_OLD;
        } else {
            throw invalid(field, "second character must be 1 or 2 (national ID), 8 or 9 (resident"
                    + " certificate) or A-D (old resident certificate) (" + masked + ")");
        }
        for (int i = 2; i < LENGTH; i++) {
            if (!AsciiDigits.isAsciiDigit(value.charAt(i))) {
                throw invalid(field, "characters 3 to 10 must be digits 0-9 (" + masked + ")");
            }
        }
        if (checksum(value) % 10 != 0) {
            throw invalid(field, "check digit does not match (" + masked + ")");
        }
        return new NationalId(value, kind);
    }

    /** {@code true} if {@link #parse(String)} would accept the value. */
    public static boolean isValid(String value) {
        try {
            parse(value);
            return true;
        } catch (DocumentRuleException e) {
            return false;
        }
    }

    /** The ID with all but its first and last two characters masked, for logs. */
    public String masked() {
        return Masking.mask(value);
    }

    /** Masked, so that logging the record never leaks the ID. */
    @Override
    public String toString() {
        return "NationalId[" + masked() + ", " + kind + "]";
    }

    private static int checksum(String id) {
        int area = LETTER_VALUES[id.charAt(0) - 'A'];
        int sum = area / 10 + (area % 10) * 9;
        char second = id.charAt(1);
        int secondDigit = Character.isLetter(second) ? LETTER_VALUES[second - 'A'] % 10 : second - '0';
        sum += secondDigit * WEIGHTS[0];
        for (int i = 2; i < LENGTH; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i - 1];
        }
        return sum;
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLowerAscii(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_NATIONAL_ID, field, message);
    }
}
