package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H2 plans a statement once, when it is first prepared on a connection, and keeps the plan while
 * the statement is in its query cache. On a new database every table is empty, so the plan chosen
 * then must already be the right one for millions of rows: the hot statements that name a row by
 * its primary key must use the primary key, never the index of a low-cardinality column next to
 * it (issue #7: a delivery's transition used the state index and slowed with every delivery).
 * The database is migrated exactly as the gateway migrates it (the same Flyway locations).
 */
class H2QueryPlanTest {

    Connection db;

    @BeforeEach
    void migrateAnEmptyDatabase() throws Exception {
        String url = "jdbc:h2:mem:plans-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;QUERY_CACHE_SIZE=256";
        db = DriverManager.getConnection(url, "gateway", "");
        Flyway.configure().dataSource(url, "gateway", "")
                .locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // DeliveryStore.transition, with one and with two states it may come from
            "UPDATE delivery SET state = ?, updated_at = ? WHERE id = ? AND state IN (?)",
            "UPDATE delivery SET state = ?, updated_at = ? WHERE id = ? AND state IN (?, ?)",
            // the mailbox's look at one delivery of a recipient
            "SELECT id FROM delivery WHERE id = ? AND recipient = ? AND transport = ?",
            "UPDATE quarantine SET reason = ?, detail = ? WHERE id = ? AND state = 'HELD'",
            "UPDATE reply_routing SET attempts = ? WHERE id = ? AND state = ?",
            "UPDATE overdue_notice SET attempts = ? WHERE id = ? AND state = ?",
            "UPDATE drafted_revocation SET last_error = ? WHERE id = ? AND branch = ? AND state = ?"})
    void statementsPreparedOnAnEmptyDatabaseUseThePrimaryKey(String sql) throws Exception {
        assertThat(plan(sql)).as(sql).contains("PRIMARY_KEY").doesNotContain("_state:").doesNotContain("delivery_mailbox:");
    }

    private String plan(String sql) throws Exception {
        try (PreparedStatement p = db.prepareStatement("EXPLAIN " + sql)) {
            int n = p.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) {
                p.setObject(i, null);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }
}
