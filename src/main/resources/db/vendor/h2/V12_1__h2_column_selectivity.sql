-- H2 only (Flyway location db/vendor/{vendor}; PostgreSQL plans from real statistics).
--
-- H2 chooses a statement's index when it first prepares it and keeps that plan for as long as the
-- statement stays in the connection's query cache. On a new, empty database it estimates every
-- column to tell rows apart 50 % of the time, so "WHERE id = ? AND state IN (?)" was planned on the
-- state index instead of the primary key, and kept so: every transition of a delivery then walked
-- all deliveries in that state, a cost that grew with the table (the benchmark, issue #7, saw the
-- transition reach 16 % of all CPU at 5,000 documents and throughput fall from 10 to 4 per second).
-- These columns have a handful of values; saying so makes the primary key the cheaper plan from the
-- first statement on. H2's own ANALYZE replaces the figures with measured ones later.
ALTER TABLE delivery ALTER COLUMN state SELECTIVITY 1;
ALTER TABLE delivery ALTER COLUMN recipient SELECTIVITY 1;
ALTER TABLE delivery ALTER COLUMN transport SELECTIVITY 1;
ALTER TABLE quarantine ALTER COLUMN state SELECTIVITY 1;
ALTER TABLE reply_routing ALTER COLUMN state SELECTIVITY 1;
ALTER TABLE overdue_notice ALTER COLUMN state SELECTIVITY 1;
ALTER TABLE overdue_notice ALTER COLUMN branch SELECTIVITY 1;
ALTER TABLE drafted_revocation ALTER COLUMN branch SELECTIVITY 1;
ALTER TABLE drafted_revocation ALTER COLUMN state SELECTIVITY 1;
ALTER TABLE reply ALTER COLUMN branch SELECTIVITY 1;
