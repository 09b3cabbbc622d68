-- Merchant Notify schema, version 13: per-day platform rollups, and per-day rows on the days of a business zone.
--
-- Questions by day, week or month over a year read one row per day and dimension values instead of 24: the platform's
-- (no merchant or destination) from analysis_day_platform, a merchant's from analysis_day_merchant (V12). Their days are
-- those of notify.analysis.day-zone (UTC by default), recorded in analysis_day_zone: when a node starts with another
-- zone, its compactor rebuilds both tables from the per-hour rollups in one transaction and records the new zone, and
-- queries use the per-day rows only where their buckets are days of the recorded zone. The days made here are UTC
-- days, like V12's. As with V12, stop every node running an older version before the first one of this version starts.

CREATE TABLE analysis_day_platform (
    bucket          TIMESTAMP     NOT NULL,
    channel         VARCHAR(16)   NOT NULL,
    event           VARCHAR(64)   NOT NULL,
    failure_kind    VARCHAR(32)   NOT NULL,
    status          INTEGER       NOT NULL,
    attempts        BIGINT        NOT NULL,
    successes       BIGINT        NOT NULL,
    firsts          BIGINT        NOT NULL,
    first_successes BIGINT        NOT NULL,
    errors          BIGINT        NOT NULL,
    total_ms        BIGINT        NOT NULL,
    max_ms          BIGINT        NOT NULL,
    d00             BIGINT        NOT NULL,
    d01             BIGINT        NOT NULL,
    d02             BIGINT        NOT NULL,
    d03             BIGINT        NOT NULL,
    d04             BIGINT        NOT NULL,
    d05             BIGINT        NOT NULL,
    d06             BIGINT        NOT NULL,
    d07             BIGINT        NOT NULL,
    d08             BIGINT        NOT NULL,
    d09             BIGINT        NOT NULL,
    d10             BIGINT        NOT NULL,
    d11             BIGINT        NOT NULL,
    d12             BIGINT        NOT NULL,
    d13             BIGINT        NOT NULL,
    d14             BIGINT        NOT NULL,
    d15             BIGINT        NOT NULL,
    d16             BIGINT        NOT NULL,
    d17             BIGINT        NOT NULL,
    d18             BIGINT        NOT NULL,
    d19             BIGINT        NOT NULL,
    d20             BIGINT        NOT NULL,
    d21             BIGINT        NOT NULL,
    d22             BIGINT        NOT NULL,
    d23             BIGINT        NOT NULL,
    d24             BIGINT        NOT NULL,
    d25             BIGINT        NOT NULL,
    d26             BIGINT        NOT NULL,
    d27             BIGINT        NOT NULL,
    d28             BIGINT        NOT NULL,
    CONSTRAINT pk_analysis_day_platform PRIMARY KEY (bucket, channel, event, failure_kind, status)
);

-- A few merchants' days (a breakdown by merchant, one merchant's year) without reading every merchant's.
CREATE INDEX ix_analysis_day_merchant_merchant ON analysis_day_merchant (merchant, bucket);

CREATE TABLE analysis_day_zone (
    id   INTEGER      NOT NULL,
    zone VARCHAR(64)  NOT NULL,
    CONSTRAINT pk_analysis_day_zone PRIMARY KEY (id)
);
INSERT INTO analysis_day_zone (id, zone) VALUES (1, 'UTC');

-- The days already rolled up, from the per-hour platform rollups (deltas not moved yet are added when they are moved).
INSERT INTO analysis_day_platform (bucket, channel, event, failure_kind, status,
    attempts, successes, firsts, first_successes, errors, total_ms, max_ms, d00, d01, d02, d03, d04, d05, d06, d07,
    d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28)
SELECT CAST(CAST(bucket AS DATE) AS TIMESTAMP), channel, event, failure_kind, status,
    SUM(attempts), SUM(successes), SUM(firsts), SUM(first_successes), SUM(errors), SUM(total_ms), MAX(max_ms),
    SUM(d00), SUM(d01), SUM(d02), SUM(d03), SUM(d04), SUM(d05), SUM(d06), SUM(d07), SUM(d08), SUM(d09), SUM(d10),
    SUM(d11), SUM(d12), SUM(d13), SUM(d14), SUM(d15), SUM(d16), SUM(d17), SUM(d18), SUM(d19), SUM(d20), SUM(d21),
    SUM(d22), SUM(d23), SUM(d24), SUM(d25), SUM(d26), SUM(d27), SUM(d28)
FROM analysis_hour_platform
GROUP BY CAST(CAST(bucket AS DATE) AS TIMESTAMP), channel, event, failure_kind, status;
