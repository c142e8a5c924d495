-- H2 only, as V12_1: H2 hands out identity values from a cache of 32 and commits the sequence each
-- time it refills, a whole write of the store of its own. The tables that gain rows on every step
-- of every delivery refilled often enough for those writes to be ~0.6 % of the benchmark's CPU
-- (issue #7). A larger cache refills a thirtieth as often; after a crash the values not handed out
-- are skipped (a gap in the ids, never a repeat). PostgreSQL sequences do not commit on refill.
ALTER TABLE audit_entry ALTER COLUMN id SET CACHE 1000;
ALTER TABLE delivery_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE delivery ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbox ALTER COLUMN id SET CACHE 1000;
ALTER TABLE reply_routing ALTER COLUMN id SET CACHE 1000;
