-- Merchant Notify schema, version 1: the delivery log.
-- Portable SQL: the same script runs on H2 2.x and PostgreSQL 12+.
-- Times are UTC wall-clock TIMESTAMPs (see dev.merchantnotify.deliverylog.UtcTime).

-- Id blocks of 100 and 500, matching the allocationSize of the JPA sequence generators.
CREATE SEQUENCE notification_seq START WITH 100 INCREMENT BY 100;
CREATE SEQUENCE delivery_attempt_seq START WITH 500 INCREMENT BY 500;

CREATE TABLE notification (
    id              BIGINT         NOT NULL,
    order_no        VARCHAR(64)    NOT NULL,
    event           VARCHAR(64)    NOT NULL,
    notify_url      VARCHAR(2048)  NOT NULL,
    merchant_key    VARCHAR(16)    NOT NULL,
    format          VARCHAR(8)     NOT NULL,
    payload         VARCHAR(65536) NOT NULL,
    status          VARCHAR(16)    NOT NULL,
    attempts        INTEGER        NOT NULL,
    next_attempt_at TIMESTAMP,
    created_at      TIMESTAMP      NOT NULL,
    delivered_at    TIMESTAMP,
    last_error      VARCHAR(1024),
    version         BIGINT         NOT NULL,
    CONSTRAINT pk_notification PRIMARY KEY (id),
    -- Idempotency: one notification per order and event. Also serves lookups by order_no (its leading column).
    CONSTRAINT uk_notification_order_event UNIQUE (order_no, event)
);
-- The sweeper: PENDING rows by due time.
CREATE INDEX ix_notification_due ON notification (status, next_attempt_at);
CREATE INDEX ix_notification_merchant ON notification (merchant_key);
CREATE INDEX ix_notification_created ON notification (created_at);

CREATE TABLE delivery_attempt (
    id               BIGINT        NOT NULL,
    notification_id  BIGINT        NOT NULL,
    attempt_no       INTEGER       NOT NULL,
    started_at       TIMESTAMP     NOT NULL,
    duration_ms      BIGINT        NOT NULL,
    http_status      INTEGER,
    success          BOOLEAN       NOT NULL,
    response_excerpt VARCHAR(1024),
    error_kind       VARCHAR(32),
    error_message    VARCHAR(1024),
    CONSTRAINT pk_delivery_attempt PRIMARY KEY (id),
    CONSTRAINT fk_attempt_notification FOREIGN KEY (notification_id) REFERENCES notification (id)
);
CREATE INDEX ix_attempt_notification ON delivery_attempt (notification_id, attempt_no);
CREATE INDEX ix_attempt_started ON delivery_attempt (started_at);
