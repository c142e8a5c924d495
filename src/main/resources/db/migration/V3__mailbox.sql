-- The pull mailbox asks, on every fetch, for one recipient's PULL deliveries in SIGNED or
-- DISPATCHED, oldest first: without this index each fetch scans every delivery of that state.
CREATE INDEX delivery_mailbox ON delivery (recipient, transport, state, id);
