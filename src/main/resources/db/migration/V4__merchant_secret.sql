-- Merchant Notify schema, version 4: merchants' signing secrets.

-- One row per merchant that signs: its sign type for form deliveries (MD5 or HMAC_SHA256; json deliveries always carry
-- Standard Webhooks signatures), the secret encrypted by the application (AES-256-GCM, bound to the merchant key) with
-- its last four characters to tell secrets apart, and during a rotation's grace period the previous secret and until
-- when it is valid.
CREATE TABLE merchant_secret (
    merchant_key         VARCHAR(16)  NOT NULL,
    sign_type            VARCHAR(16)  NOT NULL,
    secret_enc           VARCHAR(512) NOT NULL,
    secret_hint          VARCHAR(4)   NOT NULL,
    previous_secret_enc  VARCHAR(512),
    previous_valid_until TIMESTAMP,
    created_at           TIMESTAMP    NOT NULL,
    rotated_at           TIMESTAMP,
    CONSTRAINT pk_merchant_secret PRIMARY KEY (merchant_key),
    CONSTRAINT fk_merchant_secret_merchant FOREIGN KEY (merchant_key) REFERENCES merchant (merchant_key)
);
