package tw.gov.aee.gateway.participants;

/**
 * Serials of a branch's document numbers (ROC year + 7-digit serial + suffix letter, e.g.
 * {@code 1100295393A}) that the gateway may use for documents it drafts on the branch's behalf,
 * such as K-suffixed revocations. Both ends are inclusive.
 */
public record NumberRange(int rocYear, int from, int to) {

    /** Largest ROC year that fits the 3 digits of a document number. */
    public static final int MAX_ROC_YEAR = 999;
    /** Largest serial that fits the 7 digits of a document number. */
    public static final int MAX_SERIAL = 9_999_999;

    public NumberRange {
        if (rocYear < 1 || rocYear > MAX_ROC_YEAR) {
            throw new IllegalArgumentException("rocYear must be 1-" + MAX_ROC_YEAR + ", was " + rocYear);
        }
        if (from < 1 || to > MAX_SERIAL) {
            throw new IllegalArgumentException("from and to must lie in 1-" + MAX_SERIAL + ", were " + from + "-" + to);
        }
        if (from > to) {
            throw new IllegalArgumentException("from " + from + " is greater than to " + to);
        }
    }

    /** Whether the serial lies in this range, for the given ROC year. */
    public boolean contains(int year, int serial) {
        return year == rocYear && serial >= from && serial <= to;
    }

    /** Whether the two ranges share a serial in the same ROC year. */
    public boolean overlaps(NumberRange other) {
        return rocYear == other.rocYear && from <= other.to && other.from <= to;
    }

    /** How many serials the range holds. */
    public int size() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return rocYear + ":" + from + "-" + to;
    }
}
