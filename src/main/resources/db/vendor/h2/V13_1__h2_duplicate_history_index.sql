-- H2 only (Flyway location db/vendor/{vendor}; PostgreSQL does not index foreign keys by itself).
--
-- H2 gives every foreign key an index on exactly its columns, so delivery_event.delivery_id
-- (REFERENCES delivery) has H2's own index and V2's delivery_event_delivery as well: two identical
-- indexes written on every history entry, several per delivery (issue #7). H2's stays (the
-- foreign key needs it) and serves the delivery's history look-ups; V2's goes. On PostgreSQL V2's
-- index is the only one and stays.
DROP INDEX delivery_event_delivery;
