-- Legal order between documents (DESIGN §5, §9): a revocation (or a collection/transfer/pay-over
-- order) names the document it revokes or follows; it is delivered to a recipient only once that
-- recipient has receipted the predecessor. The gate is in the database, not in queue order.
ALTER TABLE document ADD COLUMN predecessor_number VARCHAR(16);   -- from <revokes> or <follows>

-- Set while a delivery waits for its predecessor's delivery to the same recipient (state SIGNED);
-- cleared, and the delivery re-enqueued, in the transaction that moves the predecessor to RECEIPTED.
ALTER TABLE delivery ADD COLUMN held_for BIGINT;
CREATE INDEX delivery_held_for ON delivery (held_for);

-- A message the relay must not publish before this time: a delivery deferred while its
-- recipient's circuit breaker is open (the sweep-based retry of DESIGN §9).
ALTER TABLE outbox ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
