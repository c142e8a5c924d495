package tw.gov.aee.gateway.tracking;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the embedded H2 database file compact while the gateway runs (issue #7).
 *
 * <p>The gateway opens H2 with {@code WRITE_DELAY=0} so that every commit is in the file before
 * the call returns (DESIGN §9 "Durable means durable"). That setting also switches off H2's
 * background writer, and with it the housekeeping that rewrites half-empty chunks: every commit
 * appends a chunk, the few pages of it still live keep the whole chunk, and the file grew by
 * about 0.9 MB per document (4.7 GB after 5,000 in the benchmark), with H2 keeping a record of
 * every chunk in memory. This does that housekeeping on a schedule instead: chunks whose live
 * share fell below {@code gateway.h2.fill-rate} are rewritten, a bounded amount per run, as the
 * database's only writer ({@link H2SingleWriter}) and under H2's own store lock; the space they
 * held is reused by later commits.
 *
 * <p>Only for an embedded H2 file database; with PostgreSQL (production) it does nothing.
 */
@Component
public class H2Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    /** The longest one round may take: housekeeping must not become the database's main work. */
    private static final long ROUND_NANOS = 250_000_000L;

    /**
     * How long a step waits for the writer lock before it leaves the work to the next round. With
     * writers queueing for the lock, 10 ms let too few steps in: at N = 20,000 the file ended 9 %
     * larger and every commit paid for the extra chunks (README, benchmark stop 20).
     */
    private static final java.time.Duration PATIENCE = java.time.Duration.ofMillis(100);

    private final DataSource dataSource;
    private final H2SingleWriter writer;
    private final int fillRate;
    private final int writeLimit;
    private volatile MVStore store;
    private volatile boolean notH2;

    public H2Housekeeping(DataSource dataSource, H2SingleWriter writer, MeterRegistry meters,
                          @Value("${gateway.h2.fill-rate:80}") int fillRate,
                          @Value("${gateway.h2.rewrite-per-step:4MB}") org.springframework.util.unit.DataSize writeLimit) {
        this.dataSource = dataSource;
        this.writer = writer;
        this.fillRate = fillRate;
        this.writeLimit = (int) Math.min(Integer.MAX_VALUE, writeLimit.toBytes());
        Gauge.builder("gateway.h2.file.bytes", this, h -> h.fileStore() == null ? Double.NaN : h.fileStore().size())
                .description("size of the embedded H2 database file").register(meters);
        Gauge.builder("gateway.h2.chunks.fill.rate", this,
                        h -> h.fileStore() == null ? Double.NaN : h.fileStore().getChunksFillRate())
                .description("live share of the H2 file's chunks, percent").register(meters);
    }

    /**
     * One round of housekeeping: rewrites the emptiest chunks, a bounded amount at a time, until
     * none is below the fill rate or the round's time is up. Each step waits up to 100 ms for the
     * writer lock (writers queue for it; each holds it briefly) and H2 lets it in only when its
     * store lock is free within 10 ms, so a busy moment is simply tried again.
     * @return how many rewrites were done
     */
    @Scheduled(fixedDelayString = "${gateway.h2.housekeeping-period:2s}", initialDelayString = "${gateway.h2.housekeeping-period:2s}")
    public int compact() {
        FileStore<?> files = fileStore();
        if (files == null) {
            return 0;
        }
        long deadline = System.nanoTime() + ROUND_NANOS;
        int rewrites = 0;
        int misses = 0;
        try {
            // A miss: the lock was busy, or nothing may be rewritten yet (chunks younger than H2's
            // retention time). A few in a row end the round rather than spin.
            while (misses < 3 && System.nanoTime() < deadline && !store.isClosed() && files.getChunksFillRate() < fillRate) {
                // A rewrite saves the store: as the only writer, so that no transaction is caught
                // halfway in the file (H2SingleWriter).
                if (writer.tryAlone(PATIENCE, () -> store.compact(fillRate, writeLimit))) {
                    rewrites++;
                    misses = 0;
                } else {
                    misses++;
                }
            }
        } catch (RuntimeException e) {
            // Never fatal: the database works without it, only its file grows. Closing races land here too.
            log.warn("H2 housekeeping failed: {}", e.toString());
        }
        return rewrites;
    }

    /** The live share of the file's chunks in percent, or -1 when the database is not an H2 file. */
    public int chunksFillRate() {
        FileStore<?> files = fileStore();
        return files == null ? -1 : files.getChunksFillRate();
    }

    /** The size of the database file in bytes, or -1 when the database is not an H2 file. */
    public long fileBytes() {
        FileStore<?> files = fileStore();
        return files == null ? -1 : files.size();
    }

    private FileStore<?> fileStore() {
        if (notH2) {
            return null;
        }
        if (store == null) {
            try (Connection c = dataSource.getConnection()) {
                if (!c.isWrapperFor(JdbcConnection.class)
                        || !(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                    notH2 = true; // PostgreSQL, or H2 over TCP: nothing to keep here
                    return null;
                }
                MVStore s = session.getDatabase().getStore().getMvStore();
                if (s.getFileStore() == null) {
                    notH2 = true; // in-memory H2
                    return null;
                }
                store = s;
            } catch (SQLException e) {
                log.debug("H2 housekeeping: no connection yet: {}", e.toString());
                return null;
            }
        }
        return store.getFileStore();
    }
}
