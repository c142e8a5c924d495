-- reply_case (branch, case_number) serves no query: a case's replies are found through
-- document_case and reply.order_id (replies/CaseReplies), a branch's feed through
-- reply_feed_position. An index no query reads is still written on every reply the banks send
-- (issue #7: reply intake is one of the costliest commits), so it goes.
DROP INDEX reply_case;
