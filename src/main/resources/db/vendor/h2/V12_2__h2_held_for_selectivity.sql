-- H2 only, as V12_1: almost every delivery has no predecessor to wait for, so "held_for IS NULL"
-- matches nearly all of them. On a new database H2 did not know that and planned the pull
-- mailbox's and the stalled-delivery sweep's look for deliveries in one state on the held_for
-- index: a walk through every delivery ever made, on every poll (issue #7). Saying the column has
-- few distinct values makes the (recipient, transport, state) and state indexes the cheaper plans.
ALTER TABLE delivery ALTER COLUMN held_for SELECTIVITY 1;
