package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import tw.gov.aee.gateway.GatewayIntegrationTest;

/**
 * The running gateway's embedded H2 database writes one transaction at a time
 * ({@link H2SingleWriter}): the data source every component uses is wrapped, the pool behind it
 * is still reachable for its metrics, and a writing transaction holds the next writer off until it
 * commits.
 */
@GatewayIntegrationTest
class EmbeddedDatabaseWriterIT {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    H2SingleWriter writer;

    @Test
    void theGatewaysDataSourceIsTheSingleWriter() throws Exception {
        assertThat(dataSource.toString()).startsWith("H2SingleWriter(");
        assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).contains("WRITE_DELAY=0");
        assertThat(jdbc.getDataSource()).isSameAs(dataSource);

        String run = UUID.randomUUID().toString(); // the shared database outlives test runs
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO audit_entry (occurred_at, actor, action, detail) VALUES (CURRENT_TIMESTAMP, 'test',"
                    + " 'single-writer-first', ?)", run);
            written.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> jdbc.update(
                "INSERT INTO audit_entry (occurred_at, actor, action, detail) VALUES (CURRENT_TIMESTAMP, 'test',"
                        + " 'single-writer-second', ?)", run));
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE detail = ?", Integer.class, run)).as("reads go on, seeing only what is committed").isZero();
        finish.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        // The running gateway's own work (the outbox relay every 200 ms, housekeeping) takes the lock
        // now and then: it must be free again soon, not at this very instant.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.isWriting() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(writer.isWriting()).as("the lock is given back").isFalse();
    }
}
