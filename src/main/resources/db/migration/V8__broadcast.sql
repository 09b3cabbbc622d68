-- Merchant Notify schema, version 8: broadcasts.

-- A broadcast: the accepted notification (role BROADCAST) is delivered by one copy per member of the route, each a
-- notification of its own (parent_id: the broadcast, branch 1..n, role REQUIRED or COPY, destination_id: the member it
-- is pinned to, or NULL for the broadcast's own notify_url), with its own retries, breaker and lane. The broadcast is
-- never queued: its status follows its REQUIRED copies. Idempotency stays one broadcast per order and event.
ALTER TABLE notification ADD COLUMN parent_id BIGINT;
ALTER TABLE notification ADD COLUMN branch INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE notification ADD COLUMN role VARCHAR(16);
ALTER TABLE notification ADD COLUMN destination_id BIGINT;
ALTER TABLE notification DROP CONSTRAINT uk_notification_order_event;
ALTER TABLE notification ADD CONSTRAINT uk_notification_order_event UNIQUE (order_no, event, branch);
CREATE INDEX ix_notification_parent ON notification (parent_id);
