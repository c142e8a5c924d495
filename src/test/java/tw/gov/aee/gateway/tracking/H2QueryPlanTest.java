package tw.gov.aee.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
            // DeliveryStore.isHeld
            "SELECT id FROM delivery WHERE id = ? AND held_for IS NOT NULL",
            "UPDATE quarantine SET reason = ?, detail = ? WHERE id = ? AND state = 'HELD'",
            "UPDATE reply_routing SET attempts = ? WHERE id = ? AND state = ?",
            "UPDATE overdue_notice SET attempts = ? WHERE id = ? AND state = ?",
            "UPDATE drafted_revocation SET last_error = ? WHERE id = ? AND branch = ? AND state = ?"})
    void statementsPreparedOnAnEmptyDatabaseUseThePrimaryKey(String sql) throws Exception {
        assertThat(plan(sql)).as(sql).contains("PRIMARY_KEY").doesNotContain("_state:").doesNotContain("delivery_mailbox:");
    }

    /**
     * Statements that look for deliveries in one state: the state must be part of the index
     * condition, or each call walks every delivery ever made (issue #7: the pull mailbox's
     * "state IN (…)" and the stalled-delivery sweep's OR of states both did, and cost more with
     * every document).
     */
    @ParameterizedTest
    @ValueSource(strings = {
            // PullMailbox.pending
            "SELECT id, document_id, state, envelope, envelope_sha256 FROM delivery WHERE recipient = ? AND transport = ?"
                    + " AND state = ? AND envelope IS NOT NULL AND held_for IS NULL ORDER BY id FETCH FIRST 50 ROWS ONLY",
            // StalledDeliveries.stalled
            "SELECT d.id, d.document_id, d.state, d.transport, d.recipient FROM delivery d WHERE d.state = ?"
                    + " AND d.transport <> 'PULL' AND d.held_for IS NULL AND d.updated_at < ? AND d.id > ?"
                    + " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.delivery_id = d.id AND o.published_at IS NULL)"
                    + " ORDER BY d.id FETCH FIRST 100 ROWS ONLY",
            // OverdueSweep.sweep
            "SELECT d.id, d.document_id, doc.reply_due, doc.accepted_at FROM delivery d JOIN document doc"
                    + " ON doc.id = d.document_id WHERE doc.document_type = 'EnforcementOrder' AND d.role = 'ADDRESSEE'"
                    + " AND d.state = ? AND (doc.reply_due < ? OR (doc.reply_due IS NULL AND doc.accepted_at < ?))"
                    + " ORDER BY d.id FETCH FIRST 100 ROWS ONLY"})
    void statementsForOneStateLookItUpInAnIndex(String sql) throws Exception {
        String plan = plan(sql);
        String deliveryScan = plan.substring(plan.indexOf("\"delivery\""));
        String index = deliveryScan.substring(deliveryScan.indexOf("/*"), deliveryScan.indexOf("*/"));
        assertThat(index).as(plan).contains("state = ?");
    }

    /**
     * DeliveryStore.releaseSuccessors, on every receipt: the deliveries held for this one. Only the
     * held_for index finds them without a walk; with "AND d.state = 'SIGNED'" in the condition H2
     * took the state index on a new database and walked every SIGNED delivery on every receipt
     * (issue #7: 0.3 % of the CPU, then 2 % once deliveries were sealed on acceptance and waited
     * SIGNED in their thousands).
     */
    @Test
    void theSuccessorsOfAReceiptedDeliveryAreLookedUpByWhatTheyAreHeldFor() throws Exception {
        String plan = plan(DeliveryStore.SUCCESSORS_SQL);
        String deliveryScan = plan.substring(plan.indexOf("\"delivery\" \"d\""));
        String index = deliveryScan.substring(deliveryScan.indexOf("/*"), deliveryScan.indexOf("*/"));
        assertThat(index).as(plan).contains("delivery_held_for").contains("held_for = ?");
    }

    /**
     * Every index is written on every insert into its table; on the tables that gain rows with
     * every document, delivery and reply, no two may index the same columns (issue #7: H2 indexes
     * each foreign key by itself, and delivery_event carried that index and V2's identical one).
     */
    @Test
    void theTablesWrittenForEveryDocumentCarryNoTwoIndexesOnTheSameColumns() throws Exception {
        Map<String, List<String>> byColumns = new TreeMap<>();
        try (PreparedStatement p = db.prepareStatement("SELECT i.table_name, i.index_name, LISTAGG(c.column_name, ',')"
                + " WITHIN GROUP (ORDER BY c.ordinal_position) FROM information_schema.indexes i"
                + " JOIN information_schema.index_columns c ON c.index_name = i.index_name AND c.table_name = i.table_name"
                + " WHERE i.table_schema = 'public' AND i.table_name IN ('document', 'document_case', 'delivery',"
                + " 'delivery_event', 'audit_entry', 'outbox', 'reply', 'reply_routing', 'branch_feed')"
                + " GROUP BY i.table_name, i.index_name"); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                byColumns.computeIfAbsent(r.getString(1) + "(" + r.getString(3) + ")", k -> new ArrayList<>())
                        .add(r.getString(2));
            }
        }
        assertThat(byColumns).containsKeys("delivery_event(delivery_id)", "delivery(document_id)", "reply(order_id)")
                .doesNotContainKey("reply(branch,case_number)");
        assertThat(byColumns).allSatisfy((columns, indexes) -> assertThat(indexes).as(columns).hasSize(1));
        // and the history of a delivery is still found through an index
        assertThat(plan("SELECT state, occurred_at, detail FROM delivery_event WHERE delivery_id = ? ORDER BY id"))
                .contains("delivery_id = ?").doesNotContain("tableScan");
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
