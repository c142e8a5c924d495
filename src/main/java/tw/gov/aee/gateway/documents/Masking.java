package tw.gov.aee.gateway.documents;

/**
 * How obligor data may appear in logs and error messages.
 *
 * <p>National IDs, business numbers and account numbers are personal data: the design brief
 * (§4 "Obligor IDs and account numbers are masked in logs") and STYLE.md ("Mask obligor IDs and
 * account numbers") allow only the first two and last two characters to be shown, e.g.
 * {@code A123456789} becomes {@code A1******89}.
 */
public final class Masking {

    private static final int SHOWN = 2;
    private static final int EXCERPT_LIMIT = 40;

    private Masking() {
    }

    /**
     * Masks all but the first two and last two characters; values of four characters or fewer
     * are masked entirely (showing four of four would show everything). Counts code points, and
     * control characters among the shown ones become {@code ?} so a hostile value cannot break a
     * log line.
     *
     * @return the masked value, or {@code null} for {@code null}
     */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int[] cps = value.codePoints().toArray();
        StringBuilder out = new StringBuilder(cps.length);
        for (int i = 0; i < cps.length; i++) {
            boolean shown = cps.length > 2 * SHOWN && (i < SHOWN || i >= cps.length - SHOWN);
            out.appendCodePoint(shown ? printable(cps[i]) : '*');
        }
        return out.toString();
    }

    /**
     * A bounded, log-safe rendering of a value that is not personal data (dates, case and
     * document numbers), for error messages: at most 40 code points, control characters
     * replaced by {@code ?}, in quotes.
     */
    static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        int[] cps = value.codePoints().limit(EXCERPT_LIMIT + 1L).toArray();
        for (int i = 0; i < Math.min(cps.length, EXCERPT_LIMIT); i++) {
            out.appendCodePoint(printable(cps[i]));
        }
        if (cps.length > EXCERPT_LIMIT) {
            out.append('…');
        }
        return out.append('"').toString();
    }

    private static int printable(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT
                ? '?' : codePoint;
    }
}
