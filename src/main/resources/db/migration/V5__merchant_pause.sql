-- An operator's pause of a merchant (issue 19): while paused_at is set, the merchant's notifications are accepted and
-- kept, not sent. Its parked notifications are PENDING with no next_attempt_at (nothing else leaves a PENDING row
-- without one); resuming gives them one again and queues them.
ALTER TABLE merchant ADD COLUMN paused_at TIMESTAMP;
ALTER TABLE merchant ADD COLUMN paused_by VARCHAR(128);
ALTER TABLE merchant ADD COLUMN paused_reason VARCHAR(512);
