-- A cursor for the branch feeds (GET /api/v1/replies, GET /api/v1/overdue) that never skips a
-- committed item. The old cursor was the item's time (received_at, marked_at), taken before its
-- transaction committed: a reply stamped T1 that committed after a reply stamped T2 > T1 had been
-- polled was never returned to a branch polling with since=T2 (seen in the benchmark).
--
-- Now each item gets a position in its branch's feed from the counter below, in the transaction
-- that makes the item visible, as that transaction's last step: the counter row stays locked until
-- commit, so the next item of the same feed can take its position only after this one committed.
-- Positions therefore become visible in order, and a branch that has read up to position p will
-- find every item committed later above p. A rolled-back transaction gives its position back.

CREATE TABLE branch_feed (
    branch         VARCHAR(8)  NOT NULL,
    feed           VARCHAR(8)  NOT NULL,      -- REPLY, OVERDUE
    last_position  BIGINT      NOT NULL,      -- the last position taken (and, once committed, the highest visible)
    PRIMARY KEY (branch, feed)
);

-- NULL only inside the intake transaction, until it takes its position as its last step (after the
-- reply policies, so the counter is locked as briefly as possible): a committed reply has one.
ALTER TABLE reply ADD COLUMN feed_position BIGINT;
-- Existing replies in their old cursor's order. UPDATE … FROM (PostgreSQL, H2 2.x): one join, where a
-- correlated subquery would number the whole table once per row.
UPDATE reply SET feed_position = x.n FROM (SELECT bank, id,
        ROW_NUMBER() OVER (PARTITION BY branch ORDER BY received_at, bank, id) AS n FROM reply) x
    WHERE x.bank = reply.bank AND x.id = reply.id;
INSERT INTO branch_feed (branch, feed, last_position)
    SELECT branch, 'REPLY', MAX(feed_position) FROM reply GROUP BY branch;
CREATE UNIQUE INDEX reply_feed_position ON reply (branch, feed_position);

ALTER TABLE overdue_notice ADD COLUMN feed_position BIGINT;
UPDATE overdue_notice SET feed_position = x.p FROM (SELECT id,
        ROW_NUMBER() OVER (PARTITION BY branch ORDER BY marked_at, id) AS p FROM overdue_notice) x
    WHERE x.id = overdue_notice.id;
INSERT INTO branch_feed (branch, feed, last_position)
    SELECT branch, 'OVERDUE', MAX(feed_position) FROM overdue_notice GROUP BY branch;
ALTER TABLE overdue_notice ALTER COLUMN feed_position SET NOT NULL;
CREATE UNIQUE INDEX overdue_notice_feed_position ON overdue_notice (branch, feed_position);
