package tw.gov.aee.gateway.documents;

import java.util.Objects;

import tw.gov.aee.gateway.GatewayError;

/**
 * A branch's document number (文號), such as {@code 1100295393A}: the three-digit ROC year, a
 * seven-digit serial and a suffix letter (支號) telling the kind of document.
 *
 * <p>Design brief §3: banks' systems key on this number and on its letter (A seizure, K
 * revocation, X collection, Y pay-over as seen in the banks' parsers; T transfer and C execution
 * certificate complete the set). An unknown letter is refused rather than guessed, since a bank
 * would treat the document as something else. Lower-case letters are refused too.
 *
 * @param rocYear the ROC year, 1 to 999 (written with three digits)
 * @param serial the serial, 0 to 9,999,999 (written with seven digits)
 * @param kind what the suffix letter says the document is
 */
public record DocumentNumber(int rocYear, int serial, Kind kind) {

    /** The suffix letters (支號). */
    public enum Kind {
        /** A: 扣押命令. */
        SEIZURE('A', "扣押命令"),
        /** K: 撤銷扣押命令. */
        REVOCATION('K', "撤銷扣押命令"),
        /** X: 收取命令. */
        COLLECTION('X', "收取命令"),
        /** Y: 支付轉給命令. */
        PAY_OVER('Y', "支付轉給命令"),
        /** T: 移轉命令. */
        TRANSFER('T', "移轉命令"),
        /** C: 執行憑證. */
        EXECUTION_CERTIFICATE('C', "執行憑證");

        private final char letter;
        private final String label;

        Kind(char letter, String label) {
            this.letter = letter;
            this.label = label;
        }

        public char letter() {
            return letter;
        }

        /** The Chinese name of the document, e.g. 扣押命令. */
        public String label() {
            return label;
        }

        /**
         * The kind for a suffix letter.
         *
         * @throws DocumentRuleException {@link GatewayError#INVALID_DOCUMENT_NUMBER} for any other letter
         */
        public static Kind ofLetter(char letter) {
            Kind kind = lookup(letter);
            if (kind == null) {
                throw invalid(DEFAULT_FIELD, unknownLetter(letter));
            }
            return kind;
        }

        private static Kind lookup(char letter) {
            for (Kind kind : values()) {
                if (kind.letter == letter) {
                    return kind;
                }
            }
            return null;
        }
    }

    private static final String DEFAULT_FIELD = "documentNumber";
    private static final int LENGTH = 11;
    private static final int MAX_SERIAL = 9_999_999;

    public DocumentNumber {
        Objects.requireNonNull(kind, "kind");
        if (rocYear < 1 || rocYear > 999) {
            throw invalid(DEFAULT_FIELD, "ROC year must be 1 to 999, was " + rocYear);
        }
        if (serial < 0 || serial > MAX_SERIAL) {
            throw invalid(DEFAULT_FIELD, "serial must be 0 to " + MAX_SERIAL + ", was " + serial);
        }
    }

    /** Parses a document number; errors name the field {@code documentNumber}. */
    public static DocumentNumber parse(String text) {
        return parse(text, DEFAULT_FIELD);
    }

    /**
     * Parses a document number.
     *
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#INVALID_DOCUMENT_NUMBER}
     */
    public static DocumentNumber parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(text, field);
        if (text.length() != LENGTH || !AsciiDigits.isAllAsciiDigits(text.substring(0, LENGTH - 1))) {
            throw invalid(field, Masking.excerpt(text) + " is not a 3-digit ROC year, a 7-digit serial"
                    + " and a kind letter, such as 1100295393A");
        }
        int rocYear = Integer.parseInt(text.substring(0, 3));
        if (rocYear < 1) {
            throw invalid(field, Masking.excerpt(text) + ": ROC year must be at least 1");
        }
        char letter = text.charAt(LENGTH - 1);
        Kind kind = Kind.lookup(letter);
        if (kind == null) {
            throw invalid(field, Masking.excerpt(text) + ": " + unknownLetter(letter));
        }
        return new DocumentNumber(rocYear, Integer.parseInt(text.substring(3, LENGTH - 1)), kind);
    }

    /**
     * The text of a document number, e.g. {@code format(110, 295393, SEIZURE)} is {@code 1100295393A}.
     *
     * @throws DocumentRuleException {@link GatewayError#INVALID_DOCUMENT_NUMBER} if the year or serial
     *     does not fit its digits
     */
    public static String format(int rocYear, int serial, Kind kind) {
        return new DocumentNumber(rocYear, serial, kind).value();
    }

    /** The document number as text, e.g. {@code 1100295393A}. */
    public String value() {
        return String.format("%03d%07d%c", rocYear, serial, kind.letter);
    }

    @Override
    public String toString() {
        return value();
    }

    private static String unknownLetter(char c) {
        String shown = Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("U+%04X", (int) c)
                : "'" + c + "'";
        return "unknown kind letter " + shown + "; expected one of A, K, X, Y, T, C";
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.INVALID_DOCUMENT_NUMBER, field, message);
    }
}
