package tw.gov.aee.gateway.replies;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Positions in a branch's feeds, the cursor of {@code GET /api/v1/replies} and
 * {@code GET /api/v1/overdue} (table {@code branch_feed}, V12). A time stamped before commit cannot
 * be a cursor: with concurrent writers an item stamped earlier can commit after a later one was
 * already polled, and a branch continuing from the later time never sees it. A position can:
 * {@link #take} increments the (branch, feed) counter row, which stays locked until the caller's
 * transaction ends, so the next item of that feed gets its position only once this one has
 * committed (or rolled back, giving the number back). Positions thus become visible in order, and
 * every item committed after a branch read up to position p lies above p.
 *
 * <p>Callers take the position as the last step of the transaction that makes the item visible:
 * the lock is held only for the commit, and no lock is taken after it (no deadlock with the order
 * and delivery locks taken before).
 */
@Component
public class BranchFeed {

    /** The feeds a branch polls. */
    public enum Feed { REPLY, OVERDUE }

    /**
     * A page of a feed.
     *
     * @param next the position to continue after: the last item's, or where an empty page stood
     */
    public record Page<T>(List<T> items, long next) { }

    private final JdbcTemplate jdbc;

    public BranchFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The next position of the branch's feed, in (and locked until the end of) the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long take(String branch, Feed feed) {
        // The increment locks the row: a concurrent take waits here until this transaction ends.
        int n = increment(branch, feed);
        if (n == 0) {
            // The feed's first item: create its counter (once per branch and feed; ON CONFLICT keeps a
            // concurrent creation from failing the transaction) and increment it. Not tried first on
            // every take: H2 answers a conflicting insert by building and catching an exception, a
            // measurable cost on every reply (issue #7).
            jdbc.update("INSERT INTO branch_feed (branch, feed, last_position) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                    branch, feed.name());
            n = increment(branch, feed);
        }
        if (n != 1) {
            throw new IllegalStateException("no feed counter for " + branch + " " + feed);
        }
        return jdbc.queryForObject("SELECT last_position FROM branch_feed WHERE branch = ? AND feed = ?", Long.class,
                branch, feed.name());
    }

    private int increment(String branch, Feed feed) {
        return jdbc.update("UPDATE branch_feed SET last_position = last_position + 1 WHERE branch = ? AND feed = ?",
                branch, feed.name());
    }

    /**
     * The highest committed position of the branch's feed (0 before its first item): every item
     * committed from now on lies above it. Read it before the page it stands in for.
     */
    public long last(String branch, Feed feed) {
        List<Long> last = jdbc.queryForList("SELECT last_position FROM branch_feed WHERE branch = ? AND feed = ?",
                Long.class, branch, feed.name());
        return last.isEmpty() ? 0 : last.get(0);
    }
}
