-- Merchant Notify schema, version 2: merchants, so they can be listed and paged.
-- A merchant is its merchant_key (a hash of the normalised notify_url); live health is in Redis.
CREATE TABLE merchant (
    merchant_key      VARCHAR(16)   NOT NULL,
    notify_url        VARCHAR(2048) NOT NULL,
    first_seen_at     TIMESTAMP     NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    status_changed_at TIMESTAMP     NOT NULL,
    CONSTRAINT pk_merchant PRIMARY KEY (merchant_key)
);
CREATE INDEX ix_merchant_status ON merchant (status);
