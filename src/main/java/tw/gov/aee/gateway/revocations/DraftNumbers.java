package tw.gov.aee.gateway.revocations;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tw.gov.aee.gateway.participants.NumberRange;
import tw.gov.aee.gateway.participants.ParticipantsDirectory;
import tw.gov.aee.gateway.participants.PartyKind;

/**
 * Document numbers for revocations the gateway drafts on a branch's behalf (DESIGN §9
 * "Gateway-drafted revocations"): ROC year + 7-digit serial from the branch's
 * {@code draftNumberRange} + suffix K. The (branch, year) row is locked while a serial is taken,
 * so concurrent replies on several nodes never get the same number; an exhausted range fails
 * loudly (the reply's intake fails and the bank resends it) instead of reusing one.
 */
@Component
public class DraftNumbers {

    private static final Logger log = LoggerFactory.getLogger(DraftNumbers.class);

    private final JdbcTemplate jdbc;
    private final ParticipantsDirectory directory;

    public DraftNumbers(JdbcTemplate jdbc, ParticipantsDirectory directory) {
        this.jdbc = jdbc;
        this.directory = directory;
    }

    /** The next K-number of the branch, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String branch) {
        NumberRange range = directory.require(branch, PartyKind.BRANCH).draftNumberRange();
        if (range == null) {
            throw exhausted(branch, "has no draftNumberRange in the participants directory");
        }
        List<Integer> last = lockSerial(branch, range.rocYear());
        if (last.isEmpty()) {
            // The year's first draft: create its counter (once per branch and year; ON CONFLICT keeps a
            // concurrent creation from failing the transaction). Not tried first on every draft: H2
            // answers a conflicting insert by building and catching an exception (issue #7).
            jdbc.update("INSERT INTO draft_serial (branch, roc_year, last_serial) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    branch, range.rocYear(), range.from() - 1);
            last = lockSerial(branch, range.rocYear());
        }
        int serial = Math.max(last.get(0) + 1, range.from());
        if (serial > range.to()) {
            throw exhausted(branch, "used every serial of its draftNumberRange " + range);
        }
        jdbc.update("UPDATE draft_serial SET last_serial = ? WHERE branch = ? AND roc_year = ?", serial, branch,
                range.rocYear());
        return String.format("%03d%07dK", range.rocYear(), serial);
    }

    private List<Integer> lockSerial(String branch, int rocYear) {
        return jdbc.queryForList("SELECT last_serial FROM draft_serial WHERE branch = ? AND roc_year = ? FOR UPDATE",
                Integer.class, branch, rocYear);
    }

    /**
     * Not a {@code GatewayException}: the reply itself is fine and must not be quarantined; its
     * intake fails as a server error (the bank sends it again) until an operator extends the range.
     */
    private static IllegalStateException exhausted(String branch, String what) {
        log.error("branch {} {}: the gateway cannot draft revocations for it until the directory is extended", branch, what);
        return new IllegalStateException("branch " + branch + " " + what);
    }
}
