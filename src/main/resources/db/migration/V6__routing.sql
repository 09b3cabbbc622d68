-- Merchant Notify schema, version 6: merchant accounts, their destinations and routes (smart routing).

-- Ids in blocks of 20, matching the allocationSize of the JPA sequence generators.
CREATE SEQUENCE merchant_account_seq START WITH 20 INCREMENT BY 20;
CREATE SEQUENCE destination_seq START WITH 20 INCREMENT BY 20;
CREATE SEQUENCE route_seq START WITH 20 INCREMENT BY 20;

-- A merchant as the platform knows it: its own merchant number and a name.
CREATE TABLE merchant_account (
    id          BIGINT       NOT NULL,
    merchant_no VARCHAR(64)  NOT NULL,
    name        VARCHAR(128) NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    version     BIGINT       NOT NULL,
    CONSTRAINT pk_merchant_account PRIMARY KEY (id),
    CONSTRAINT uk_merchant_account_no UNIQUE (merchant_no)
);

-- One way to reach an account: a channel type and that type's settings (JSON, without secret values), its address as
-- operators see it (credentials and query removed), the secret
-- values encrypted by the application (AES-256-GCM, bound to the destination key), and the destination key its health
-- goes by (breaker, lane, response times, pause: a row in merchant with that key).
CREATE TABLE destination (
    id              BIGINT        NOT NULL,
    account_id      BIGINT        NOT NULL,
    name            VARCHAR(64)   NOT NULL,
    type            VARCHAR(16)   NOT NULL,
    settings        VARCHAR(8192) NOT NULL,
    address         VARCHAR(2048) NOT NULL,
    secrets_enc     VARCHAR(8192),
    destination_key VARCHAR(16)   NOT NULL,
    enabled         BOOLEAN       NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    version         BIGINT        NOT NULL,
    CONSTRAINT pk_destination PRIMARY KEY (id),
    CONSTRAINT uk_destination_name UNIQUE (account_id, name),
    CONSTRAINT uk_destination_key UNIQUE (destination_key),
    CONSTRAINT fk_destination_account FOREIGN KEY (account_id) REFERENCES merchant_account (id)
);

-- How an account's notifications of matching events reach its destinations: a strategy over ordered tiers of members.
CREATE TABLE route (
    id             BIGINT      NOT NULL,
    account_id     BIGINT      NOT NULL,
    event_pattern  VARCHAR(64) NOT NULL,
    strategy       VARCHAR(16) NOT NULL,
    sticky         BOOLEAN     NOT NULL,
    failover_after INTEGER     NOT NULL,
    enabled        BOOLEAN     NOT NULL,
    created_at     TIMESTAMP   NOT NULL,
    updated_at     TIMESTAMP   NOT NULL,
    version        BIGINT      NOT NULL,
    CONSTRAINT pk_route PRIMARY KEY (id),
    CONSTRAINT uk_route_event UNIQUE (account_id, event_pattern),
    CONSTRAINT fk_route_account FOREIGN KEY (account_id) REFERENCES merchant_account (id)
);

-- A route's members in order: tier 1 first, then each tier's members by position.
CREATE TABLE route_member (
    route_id       BIGINT      NOT NULL,
    tier           INTEGER     NOT NULL,
    position       INTEGER     NOT NULL,
    destination_id BIGINT      NOT NULL,
    weight         INTEGER     NOT NULL,
    role           VARCHAR(16) NOT NULL,
    CONSTRAINT pk_route_member PRIMARY KEY (route_id, tier, position),
    CONSTRAINT fk_route_member_route FOREIGN KEY (route_id) REFERENCES route (id),
    CONSTRAINT fk_route_member_destination FOREIGN KEY (destination_id) REFERENCES destination (id)
);
CREATE INDEX ix_route_member_destination ON route_member (destination_id);
