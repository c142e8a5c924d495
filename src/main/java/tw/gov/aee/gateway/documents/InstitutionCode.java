package tw.gov.aee.gateway.documents;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tw.gov.aee.gateway.GatewayError;

/**
 * A financial institution's code: the 3-digit head-office code (總機構代號, e.g. {@code 004} Bank
 * of Taiwan) and, where a document is addressed to a branch, its 4-digit branch code (分支機構代號).
 *
 * <p>Forms accepted: {@code 004}, {@code 0040015} and {@code 004-0015}; the canonical text has no
 * hyphen. Design brief §4: party codes are checked against the participants directory before
 * they name anything (a broker address {@code bank.<code>.in}, a file, a URL), so parsing needs
 * the directory's set of known head-office codes; an unknown or malformed code is
 * {@link GatewayError#UNKNOWN_INSTITUTION}. Branch codes are not checked against the directory,
 * which lists institutions, not their branches.
 *
 * @param headOffice the 3-digit head-office code
 * @param branch the 4-digit branch code, or {@code null} for the institution as a whole
 */
public record InstitutionCode(String headOffice, String branch) {

    private static final String DEFAULT_FIELD = "institutionCode";
    private static final Pattern FORM = Pattern.compile("([0-9]{3})(?:-?([0-9]{4}))?");
    private static final Pattern HEAD_OFFICE = Pattern.compile("[0-9]{3}");
    private static final Pattern BRANCH = Pattern.compile("[0-9]{4}");

    public InstitutionCode {
        Objects.requireNonNull(headOffice, "headOffice");
        if (!HEAD_OFFICE.matcher(headOffice).matches()) {
            throw invalid(DEFAULT_FIELD, "head-office code must be 3 digits 0-9");
        }
        if (branch != null && !BRANCH.matcher(branch).matches()) {
            throw invalid(DEFAULT_FIELD, "branch code must be 4 digits 0-9");
        }
    }

    /** Parses and checks a code; errors name the field {@code institutionCode}. */
    public static InstitutionCode parse(String text, Predicate<String> knownHeadOffices) {
        return parse(text, DEFAULT_FIELD, knownHeadOffices);
    }

    /**
     * Parses a code and checks its head office against the directory.
     *
     * @param knownHeadOffices tells whether a 3-digit head-office code is in the participants directory
     * @throws DocumentRuleException {@link GatewayError#NON_ASCII_DIGITS} for digits of another
     *     script, else {@link GatewayError#UNKNOWN_INSTITUTION}
     */
    public static InstitutionCode parse(String text, String field, Predicate<String> knownHeadOffices) {
        Objects.requireNonNull(knownHeadOffices, "knownHeadOffices");
        if (text == null || text.isEmpty()) {
            throw invalid(field, "is missing");
        }
        AsciiDigits.require(text, field);
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw invalid(field, Masking.excerpt(text) + " is not a 3-digit head-office code with an"
                    + " optional 4-digit branch code (004, 0040015 or 004-0015)");
        }
        String headOffice = m.group(1);
        if (!knownHeadOffices.test(headOffice)) {
            throw invalid(field, "no financial institution " + headOffice + " in the participants directory");
        }
        return new InstitutionCode(headOffice, m.group(2));
    }

    /** The institution as a whole: this code without its branch. */
    public InstitutionCode headOfficeOnly() {
        return branch == null ? this : new InstitutionCode(headOffice, null);
    }

    public Optional<String> branchCode() {
        return Optional.ofNullable(branch);
    }

    public boolean hasBranch() {
        return branch != null;
    }

    /** {@code 004} or {@code 0040015}. */
    public String value() {
        return branch == null ? headOffice : headOffice + branch;
    }

    @Override
    public String toString() {
        return value();
    }

    private static DocumentRuleException invalid(String field, String message) {
        return new DocumentRuleException(GatewayError.UNKNOWN_INSTITUTION, field, message);
    }
}
