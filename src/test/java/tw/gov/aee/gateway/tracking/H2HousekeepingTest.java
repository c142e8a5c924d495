package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The gateway's H2 settings (WRITE_DELAY=0: every commit written at once) switch off H2's own
 * background housekeeping, so without {@link H2Housekeeping} the file grows with every commit.
 * The same workload — rows the size of a delivery with its envelope, each changed in small
 * transactions as deliveries move through their states — is run on two databases, one with the
 * housekeeping running between commits as its schedule would, one without.
 */
class H2HousekeepingTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheFileOfADatabaseThatCommitsEveryChangeFromGrowingWithoutBound() throws Exception {
        long without = run(dir.resolve("without"), false);
        long with = run(dir.resolve("with"), true);
        System.out.printf("H2 file after the same 6,000 commits: %d KB without housekeeping, %d KB with%n",
                without >> 10, with >> 10);
        assertThat(with).as("file with housekeeping").isLessThan(without * 2 / 3);
    }

    @Test
    void doesNothingForADatabaseThatIsNotAnH2File() {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:housekeeping-" + System.nanoTime());
        H2Housekeeping h = new H2Housekeeping(memory, new H2SingleWriter(Duration.ofSeconds(5)), new SimpleMeterRegistry(), 80, DataSize.ofMegabytes(4));
        assertThat(h.compact()).isZero();
        assertThat(h.fileBytes()).isEqualTo(-1);
    }

    private long run(Path folder, boolean housekeeping) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        // RETENTION_TIME=0: chunks may be rewritten at once (the gateway keeps H2's 45 s, so that a
        // file system that flushes late still finds the last chunks; a test cannot wait that long).
        ds.setURL("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0");
        H2Housekeeping h = new H2Housekeeping(ds, new H2SingleWriter(Duration.ofSeconds(5)), new SimpleMeterRegistry(), 80, DataSize.ofMegabytes(4));
        Random random = new Random(7);
        byte[] envelope = new byte[4096];
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE delivery (id BIGINT PRIMARY KEY, state VARCHAR(16), envelope VARBINARY)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO delivery VALUES (?, 'SIGNED', ?)");
                 PreparedStatement update = c.prepareStatement("UPDATE delivery SET state = ? WHERE id = ?")) {
                for (int id = 0; id < 2_000; id++) {
                    random.nextBytes(envelope);
                    insert.setLong(1, id);
                    insert.setBytes(2, envelope);
                    insert.executeUpdate();
                    c.commit();
                    for (String state : new String[] {"DISPATCHED", "RECEIPTED"}) {
                        update.setString(1, state);
                        update.setLong(2, id);
                        update.executeUpdate();
                        c.commit();
                    }
                    if (housekeeping && id % 50 == 0) {
                        h.compact();
                    }
                }
            }
            if (housekeeping) {
                assertThat(h.chunksFillRate()).isBetween(0, 100);
            }
            return housekeeping ? h.fileBytes() : folder.resolve("db.mv.db").toFile().length();
        }
    }
}
