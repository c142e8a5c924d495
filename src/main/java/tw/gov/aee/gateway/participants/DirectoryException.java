package tw.gov.aee.gateway.participants;

import java.util.List;

import tw.gov.aee.gateway.GatewayError;
import tw.gov.aee.gateway.GatewayException;

/**
 * The participants directory cannot be used as asked: the file (or a certificate it names) is
 * unreadable or breaks a rule ({@link GatewayError#DIRECTORY_INVALID}), or a lookup names no
 * such party ({@link UnknownPartyException}, {@link GatewayError#UNKNOWN_PARTY}).
 */
public class DirectoryException extends GatewayException {

    private static final int MAX_QUOTED = 40;

    private final List<String> problems;

    public DirectoryException(String message) {
        super(GatewayError.DIRECTORY_INVALID, message);
        this.problems = List.of(message);
    }

    /** Every problem found in one file, so an operator can fix them in one go. */
    public DirectoryException(String source, List<String> problems) {
        super(GatewayError.DIRECTORY_INVALID, "Participants directory " + source + " refused: "
                + (problems.size() == 1 ? problems.get(0) : String.join("; ", problems)));
        this.problems = List.copyOf(problems);
    }

    public DirectoryException(String message, Throwable cause) {
        super(GatewayError.DIRECTORY_INVALID, message, cause);
        this.problems = List.of(message);
    }

    protected DirectoryException(GatewayError error, String message) {
        super(error, message);
        this.problems = List.of(message);
    }

    /** The problems found, one sentence each, naming the party and the field. */
    public List<String> problems() {
        return problems;
    }

    /**
     * A value from outside (a caller's party code, a file's text) made safe to put in a message
     * and a log line: quoted, cut short, control and non-ASCII characters escaped.
     */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("'");
        int limit = Math.min(value.length(), MAX_QUOTED);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (value.length() > limit) {
            out.append("…");
        }
        return out.append('\'').toString();
    }
}
