package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * {@link H2SingleWriter} on a real H2 file database with the gateway's settings: one writing
 * transaction at a time, from its first change to its end, while reads go on.
 */
class H2SingleWriterTest {

    @TempDir
    Path folder;

    HikariDataSource hikari;
    H2SingleWriter writer;
    DataSource db;
    final ExecutorService other = Executors.newSingleThreadExecutor();
    final ExecutorService reader = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws Exception {
        hikari = new HikariDataSource();
        hikari.setJdbcUrl("jdbc:h2:file:" + folder.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000;"
                + "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        hikari.setMaximumPoolSize(4);
        writer = new H2SingleWriter(Duration.ofSeconds(10));
        db = writer.wrap(hikari);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, state VARCHAR(16))");
            s.execute("INSERT INTO item VALUES (1, 'SIGNED'), (2, 'SIGNED')");
        }
        assertThat(writer.isWriting()).as("auto-commit DDL and INSERT gave the lock back").isFalse();
    }

    @AfterEach
    void close() {
        other.shutdownNow();
        reader.shutdownNow();
        hikari.close();
    }

    @Test
    void aWritingTransactionKeepsOtherWritersWaitingUntilItEnds() throws Exception {
        try (Connection a = db.getConnection()) {
            a.setAutoCommit(false);
            read(a, 1); // reading first takes nothing
            assertThat(writer.isWriting()).isFalse();
            update(a, 1, "RECEIPTED");
            assertThat(writer.isWriting()).isTrue();

            Future<Integer> b = other.submit(() -> {
                try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                        "UPDATE item SET state = 'DISPATCHED' WHERE id = 2")) {
                    return p.executeUpdate(); // auto-commit
                }
            });
            assertThatThrownBy(() -> b.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            // Reads do not wait, and see only what is committed.
            assertThat(reader.submit(() -> {
                try (Connection c = db.getConnection()) {
                    return read(c, 1);
                }
            }).get(5, TimeUnit.SECONDS)).isEqualTo("SIGNED");

            a.commit();
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(writer.isWriting()).isFalse();
        try (Connection c = db.getConnection()) {
            assertThat(read(c, 1)).isEqualTo("RECEIPTED");
            assertThat(read(c, 2)).isEqualTo("DISPATCHED");
        }
    }

    @Test
    void rollbackCloseAndAutoCommitOnEachEndTheWrite() throws Exception {
        try (Connection a = db.getConnection()) {
            a.setAutoCommit(false);
            update(a, 1, "RECEIPTED");
            a.rollback();
            assertThat(writer.isWriting()).as("after rollback").isFalse();

            update(a, 1, "RECEIPTED");
            a.setAutoCommit(true);
            assertThat(writer.isWriting()).as("after switching auto-commit on").isFalse();
            assertThat(read(a, 1)).isEqualTo("RECEIPTED");

            a.setAutoCommit(false);
            update(a, 2, "RECEIPTED");
        } // closed with the transaction open: the pool rolls it back
        assertThat(writer.isWriting()).as("after close").isFalse();
        assertThat(other.submit(() -> {
            try (Connection c = db.getConnection()) {
                update(c, 2, "DISPATCHED");
                return read(c, 2);
            }
        }).get(5, TimeUnit.SECONDS)).isEqualTo("DISPATCHED");
    }

    @Test
    void aRollbackToASavepointKeepsTheTransactionWriting() throws Exception {
        try (Connection a = db.getConnection()) {
            a.setAutoCommit(false);
            update(a, 1, "RECEIPTED");
            var savepoint = a.setSavepoint();
            update(a, 2, "RECEIPTED");
            a.rollback(savepoint);
            assertThat(writer.isWriting()).isTrue();
            a.commit();
        }
        assertThat(writer.isWriting()).isFalse();
    }

    @Test
    void selectForUpdateLocksRowsSoItCountsAsAWrite() throws Exception {
        try (Connection a = db.getConnection()) {
            a.setAutoCommit(false);
            try (PreparedStatement p = a.prepareStatement("SELECT state FROM item WHERE id = ? FOR UPDATE")) {
                p.setLong(1, 1);
                try (ResultSet r = p.executeQuery()) {
                    assertThat(r.next()).isTrue();
                }
            }
            assertThat(writer.isWriting()).isTrue();
            a.commit();
        }
        assertThat(writer.isWriting()).isFalse();
    }

    @Test
    void aTransactionMayOpenAnotherOnItsOwnThread() throws Exception {
        // AuditLog.record (REQUIRES_NEW) inside a writing transaction: the lock is the thread's.
        DataSourceTransactionManager manager = new DataSourceTransactionManager(db);
        JdbcTemplate jdbc = new JdbcTemplate(db);
        TransactionTemplate outer = new TransactionTemplate(manager);
        TransactionTemplate inner = new TransactionTemplate(manager);
        inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> outer.executeWithoutResult(s -> {
            jdbc.update("UPDATE item SET state = 'RECEIPTED' WHERE id = 1");
            inner.executeWithoutResult(t -> jdbc.update("UPDATE item SET state = 'RECEIPTED' WHERE id = 2"));
        }), other);
        done.get(5, TimeUnit.SECONDS);
        assertThat(writer.isWriting()).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM item WHERE state = 'RECEIPTED'", Integer.class)).isEqualTo(2);
    }

    @Test
    void aWriterThatWaitsTooLongGetsATransientErrorAndChangesNothing() throws Exception {
        H2SingleWriter impatient = new H2SingleWriter(Duration.ofMillis(200));
        DataSource quick = impatient.wrap(hikari);
        try (Connection a = quick.getConnection()) {
            a.setAutoCommit(false);
            update(a, 1, "RECEIPTED");
            Future<?> b = other.submit(() -> {
                try (Connection c = quick.getConnection()) {
                    update(c, 2, "DISPATCHED");
                }
                return null;
            });
            assertThatThrownBy(() -> b.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(SQLTransientException.class)
                    .hasMessageContaining("gateway.h2.writer-wait");
            a.commit();
        }
        try (Connection c = quick.getConnection()) {
            assertThat(read(c, 2)).isEqualTo("SIGNED");
        }
    }

    @Test
    void batchesAndPlainStatementsAreTracked() throws Exception {
        try (Connection a = db.getConnection()) {
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.executeQuery("SELECT COUNT(*) FROM item").close();
                assertThat(writer.isWriting()).isFalse();
                s.addBatch("INSERT INTO item VALUES (3, 'ACCEPTED')");
                s.executeBatch();
                assertThat(writer.isWriting()).isTrue();
            }
            a.commit();
            try (PreparedStatement p = a.prepareStatement("INSERT INTO item VALUES (?, 'ACCEPTED')")) {
                p.setLong(1, 4);
                p.addBatch();
                p.executeBatch();
                assertThat(writer.isWriting()).isTrue();
                assertThat(p.getConnection()).isSameAs(a);
            }
            a.commit();
        }
        assertThat(writer.isWriting()).isFalse();
    }

    @Test
    void whatCountsAsAChange() {
        assertThat(writer.mayChange("SELECT state FROM delivery WHERE id = ?")).isFalse();
        assertThat(writer.mayChange("  select 1")).isFalse();
        assertThat(writer.mayChange("-- the feed\n/* hint */ SELECT 1")).isFalse();
        assertThat(writer.mayChange("WITH t AS (SELECT 1 AS x) SELECT x FROM t")).isFalse();
        assertThat(writer.mayChange("(SELECT 1) UNION (SELECT 2)")).isFalse();
        assertThat(writer.mayChange("VALUES 1")).isFalse();
        assertThat(writer.mayChange("SELECT id FROM outbox ORDER BY id FETCH FIRST 200 ROWS ONLY FOR UPDATE")).isTrue();
        assertThat(writer.mayChange("select id from delivery where id = ? for  update skip locked")).isTrue();
        assertThat(writer.mayChange("UPDATE delivery SET state = ? WHERE id = ?")).isTrue();
        assertThat(writer.mayChange("INSERT INTO audit_entry VALUES (?)")).isTrue();
        assertThat(writer.mayChange("DELETE FROM outbox")).isTrue();
        assertThat(writer.mayChange("MERGE INTO t KEY (id) VALUES (1)")).isTrue();
        assertThat(writer.mayChange("CREATE INDEX i ON t (x)")).isTrue();
        assertThat(writer.mayChange("SELECTIVITY")).as("a word that only starts like SELECT").isTrue();
        assertThat(writer.mayChange("CALL NEXT VALUE FOR s")).as("anything unknown counts as a change").isTrue();
    }

    @Test
    void onlyAnEmbeddedH2DatabaseIsWrapped() {
        HikariDataSource h = new HikariDataSource();
        h.setJdbcUrl("jdbc:postgresql://localhost/gateway");
        assertThat(H2SingleWriter.isEmbeddedH2(h)).isFalse();
        h.setJdbcUrl("jdbc:h2:tcp://localhost/gateway");
        assertThat(H2SingleWriter.isEmbeddedH2(h)).isFalse();
        h.setJdbcUrl("jdbc:h2:mem:x");
        assertThat(H2SingleWriter.isEmbeddedH2(h)).isTrue();
        assertThat(H2SingleWriter.isEmbeddedH2(hikari)).isTrue();
    }

    private static void update(Connection c, long id, String state) throws Exception {
        try (PreparedStatement p = c.prepareStatement("UPDATE item SET state = ? WHERE id = ?")) {
            p.setString(1, state);
            p.setLong(2, id);
            assertThat(p.executeUpdate()).isEqualTo(1);
        }
    }

    private static String read(Connection c, long id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT state FROM item WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
