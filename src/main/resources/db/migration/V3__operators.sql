-- Merchant Notify schema, version 3: what operators do and are told.

-- An operator's retry gives a notification a fresh attempt budget: the retry schedule counts the attempts made after
-- attempt_base, and the maximum age counts from retried_at. attempts itself only ever grows, so attempt numbers in
-- delivery_attempt stay unique per notification.
ALTER TABLE notification ADD COLUMN attempt_base INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE notification ADD COLUMN retried_at TIMESTAMP;

-- Ids in blocks of 20, matching the allocationSize of the JPA sequence generators. (Not identity columns:
-- EclipseLink reads those back with H2 1.x's IDENTITY(), which H2 2.x no longer has.)
CREATE SEQUENCE audit_record_seq START WITH 20 INCREMENT BY 20;
CREATE SEQUENCE alert_seq START WITH 20 INCREMENT BY 20;

-- Every change an operator made through the admin API or the console: who, what, when, from where.
CREATE TABLE audit_record (
    id       BIGINT        NOT NULL,
    at       TIMESTAMP     NOT NULL,
    actor    VARCHAR(128)  NOT NULL,
    action   VARCHAR(32)   NOT NULL,
    target   VARCHAR(2048),
    detail   VARCHAR(4096),
    client   VARCHAR(64),
    CONSTRAINT pk_audit_record PRIMARY KEY (id)
);
CREATE INDEX ix_audit_record_at ON audit_record (at);

-- Every alert raised, sent or not.
CREATE TABLE alert (
    id           BIGINT        NOT NULL,
    created_at   TIMESTAMP     NOT NULL,
    type         VARCHAR(32)   NOT NULL,
    level        VARCHAR(16)   NOT NULL,
    origin       VARCHAR(160)  NOT NULL,
    merchant_key VARCHAR(16),
    notify_url   VARCHAR(2048),
    message      VARCHAR(4096) NOT NULL,
    chats        VARCHAR(256),
    sent         BOOLEAN       NOT NULL,
    error        VARCHAR(1024),
    CONSTRAINT pk_alert PRIMARY KEY (id)
);
CREATE INDEX ix_alert_created ON alert (created_at);
CREATE INDEX ix_alert_merchant ON alert (merchant_key);
