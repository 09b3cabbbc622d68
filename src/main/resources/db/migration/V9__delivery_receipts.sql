-- Merchant Notify schema, version 9: delivery receipts.

-- An SMS provider's acceptance is an attempt's success; its receipt, later, says whether the message reached the
-- phone. One row per number of an accepted SMS attempt, keyed by the provider's reference for it: awaiting until its
-- receipt comes, then confirmed or undelivered (with the provider's reason, and when). A receipt that comes before
-- the acceptance is recorded is kept (notification_id NULL) and joined when it is.
CREATE TABLE delivery_receipt (
    provider        VARCHAR(16)  NOT NULL,
    reference       VARCHAR(128) NOT NULL,
    recipient       VARCHAR(32)  NOT NULL,
    notification_id BIGINT,
    attempt_no      INTEGER,
    state           VARCHAR(16)  NOT NULL,
    reason          VARCHAR(255),
    accepted_at     TIMESTAMP,
    confirmed_at    TIMESTAMP,
    CONSTRAINT pk_delivery_receipt PRIMARY KEY (provider, reference, recipient)
);
CREATE INDEX ix_delivery_receipt_notification ON delivery_receipt (notification_id);
