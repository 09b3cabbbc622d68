-- Merchant Notify schema, version 7: notifications routed by a merchant account, and where each attempt went.

-- A notification for a merchant account (merchant_no) is routed by the account's route for its event; notify_url is
-- then its own first destination if it has one, else NULL. merchant_key is the destination key it is at (its breaker,
-- lane and pause go by it). route_step: the member of the route (counted tier by tier, its own notify_url first) a
-- failover route is at; step_failures: its failed attempts there.
ALTER TABLE notification ADD COLUMN merchant_no VARCHAR(64);
ALTER TABLE notification ADD COLUMN route_step INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE notification ADD COLUMN step_failures INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE notification ALTER COLUMN notify_url DROP NOT NULL;
CREATE INDEX ix_notification_merchant_no ON notification (merchant_no);

-- Where an attempt went: the destination key, the channel type, the registered destination's name and its address
-- without credentials (NULL for a notification's own notify_url, whose address is the notification's), and the far
-- side's reference for what it accepted (a broker's partition and offset, a provider's message id).
ALTER TABLE delivery_attempt ADD COLUMN destination_key VARCHAR(16);
ALTER TABLE delivery_attempt ADD COLUMN channel VARCHAR(16);
ALTER TABLE delivery_attempt ADD COLUMN destination VARCHAR(64);
ALTER TABLE delivery_attempt ADD COLUMN target VARCHAR(2048);
ALTER TABLE delivery_attempt ADD COLUMN provider_ref VARCHAR(256);
UPDATE delivery_attempt SET channel = 'http', destination_key = (SELECT n.merchant_key FROM notification n
    WHERE n.id = delivery_attempt.notification_id);
CREATE INDEX ix_attempt_destination ON delivery_attempt (destination_key, started_at);
