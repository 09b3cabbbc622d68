-- Merchant Notify schema, version 10: the analysis rollups.
--
-- Every recorded attempt is counted, in the transaction that records it, into a delta row of analysis_delta: its
-- minute (UTC), merchant (the account's merchant_no, else the notification's merchant key), destination key, channel,
-- event, failure kind ('' for a success) and HTTP status (0 for none). A background job (dev.merchantnotify.analysis)
-- moves the deltas into the per-minute table (kept for notify.analysis.minute-retention-days), the per-hour table and
-- the per-hour platform table (no merchant or destination: what platform-wide questions read), which outlive the raw
-- log. Measures: attempts, successes, first attempts and their successes, errors (no usable answer), the summed and
-- the longest response time, and a histogram of response times (d00..d28, see
-- dev.merchantnotify.deliverylog.ResponseTimeBuckets: the upper bounds, exclusive, in ms, are
-- 1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 60000; d28 is 60000 and more).

CREATE SEQUENCE analysis_delta_seq START WITH 500 INCREMENT BY 500;

CREATE TABLE analysis_delta (
    id              BIGINT        NOT NULL,
    bucket          TIMESTAMP     NOT NULL,
    merchant        VARCHAR(64)   NOT NULL,
    destination_key VARCHAR(16)   NOT NULL,
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
    CONSTRAINT pk_analysis_delta PRIMARY KEY (id)
);

CREATE TABLE analysis_minute (
    bucket          TIMESTAMP     NOT NULL,
    merchant        VARCHAR(64)   NOT NULL,
    destination_key VARCHAR(16)   NOT NULL,
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
    CONSTRAINT pk_analysis_minute PRIMARY KEY (bucket, merchant, destination_key, channel, event, failure_kind, status)
);

CREATE INDEX ix_analysis_minute_merchant ON analysis_minute (merchant, bucket);
CREATE INDEX ix_analysis_minute_destination ON analysis_minute (destination_key, bucket);

CREATE TABLE analysis_hour (
    bucket          TIMESTAMP     NOT NULL,
    merchant        VARCHAR(64)   NOT NULL,
    destination_key VARCHAR(16)   NOT NULL,
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
    CONSTRAINT pk_analysis_hour PRIMARY KEY (bucket, merchant, destination_key, channel, event, failure_kind, status)
);

CREATE INDEX ix_analysis_hour_merchant ON analysis_hour (merchant, bucket);
CREATE INDEX ix_analysis_hour_destination ON analysis_hour (destination_key, bucket);

CREATE TABLE analysis_hour_platform (
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
    CONSTRAINT pk_analysis_hour_platform PRIMARY KEY (bucket, channel, event, failure_kind, status)
);

-- One row: the compaction job locks it, so that one node at a time moves deltas.
CREATE TABLE analysis_state (
    id           INTEGER   NOT NULL,
    compacted_at TIMESTAMP,
    CONSTRAINT pk_analysis_state PRIMARY KEY (id)
);
INSERT INTO analysis_state (id, compacted_at) VALUES (1, NULL);

-- The attempts already in the log, counted once.
INSERT INTO analysis_minute (bucket, merchant, destination_key, channel, event, failure_kind, status, attempts, successes, firsts, first_successes, errors, total_ms, max_ms, d00, d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28)
SELECT bucket, merchant, destination_key, channel, event, failure_kind, status,
    COUNT(*),
    SUM(success),
    SUM(first),
    SUM(success * first),
    SUM(error),
    SUM(duration_ms),
    MAX(duration_ms),
    SUM(CASE WHEN b = 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 4 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 5 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 6 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 7 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 8 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 9 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 10 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 11 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 12 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 13 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 14 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 15 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 16 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 17 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 18 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 19 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 20 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 21 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 22 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 23 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 24 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 25 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 26 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 27 THEN 1 ELSE 0 END),
    SUM(CASE WHEN b = 28 THEN 1 ELSE 0 END)
FROM (SELECT DATE_TRUNC('MINUTE', a.started_at) AS bucket, COALESCE(n.merchant_no, a.destination_key, n.merchant_key) AS merchant,
        COALESCE(a.destination_key, n.merchant_key) AS destination_key, COALESCE(a.channel, 'http') AS channel,
        n.event AS event, COALESCE(a.error_kind, '') AS failure_kind, COALESCE(a.http_status, 0) AS status,
        CASE WHEN a.success THEN 1 ELSE 0 END AS success, CASE WHEN a.attempt_no = 1 THEN 1 ELSE 0 END AS first,
        CASE WHEN a.error_kind IN ('connect', 'timeout', 'network', 'no_session') OR a.http_status >= 500 THEN 1 ELSE 0 END AS error,
        a.duration_ms AS duration_ms,
        CASE WHEN a.duration_ms < 1 THEN 0 WHEN a.duration_ms < 2 THEN 1 WHEN a.duration_ms < 3 THEN 2 WHEN a.duration_ms < 5 THEN 3 WHEN a.duration_ms < 7 THEN 4 WHEN a.duration_ms < 10 THEN 5 WHEN a.duration_ms < 15 THEN 6 WHEN a.duration_ms < 20 THEN 7 WHEN a.duration_ms < 30 THEN 8 WHEN a.duration_ms < 50 THEN 9 WHEN a.duration_ms < 75 THEN 10 WHEN a.duration_ms < 100 THEN 11 WHEN a.duration_ms < 150 THEN 12 WHEN a.duration_ms < 200 THEN 13 WHEN a.duration_ms < 300 THEN 14 WHEN a.duration_ms < 500 THEN 15 WHEN a.duration_ms < 750 THEN 16 WHEN a.duration_ms < 1000 THEN 17 WHEN a.duration_ms < 1500 THEN 18 WHEN a.duration_ms < 2000 THEN 19 WHEN a.duration_ms < 3000 THEN 20 WHEN a.duration_ms < 5000 THEN 21 WHEN a.duration_ms < 7500 THEN 22 WHEN a.duration_ms < 10000 THEN 23 WHEN a.duration_ms < 15000 THEN 24 WHEN a.duration_ms < 20000 THEN 25 WHEN a.duration_ms < 30000 THEN 26 WHEN a.duration_ms < 60000 THEN 27 ELSE 28 END AS b
    FROM delivery_attempt a JOIN notification n ON n.id = a.notification_id) r
GROUP BY bucket, merchant, destination_key, channel, event, failure_kind, status;

INSERT INTO analysis_hour (bucket, merchant, destination_key, channel, event, failure_kind, status, attempts, successes, firsts, first_successes, errors, total_ms, max_ms, d00, d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28)
SELECT DATE_TRUNC('HOUR', bucket) AS bucket, merchant, destination_key, channel, event, failure_kind, status,
    SUM(attempts), SUM(successes), SUM(firsts), SUM(first_successes), SUM(errors), SUM(total_ms), MAX(max_ms), SUM(d00), SUM(d01), SUM(d02), SUM(d03), SUM(d04), SUM(d05), SUM(d06), SUM(d07), SUM(d08), SUM(d09), SUM(d10), SUM(d11), SUM(d12), SUM(d13), SUM(d14), SUM(d15), SUM(d16), SUM(d17), SUM(d18), SUM(d19), SUM(d20), SUM(d21), SUM(d22), SUM(d23), SUM(d24), SUM(d25), SUM(d26), SUM(d27), SUM(d28)
FROM analysis_minute
GROUP BY DATE_TRUNC('HOUR', bucket), merchant, destination_key, channel, event, failure_kind, status;

INSERT INTO analysis_hour_platform (bucket, channel, event, failure_kind, status, attempts, successes, firsts, first_successes, errors, total_ms, max_ms, d00, d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28)
SELECT bucket AS bucket, channel, event, failure_kind, status,
    SUM(attempts), SUM(successes), SUM(firsts), SUM(first_successes), SUM(errors), SUM(total_ms), MAX(max_ms), SUM(d00), SUM(d01), SUM(d02), SUM(d03), SUM(d04), SUM(d05), SUM(d06), SUM(d07), SUM(d08), SUM(d09), SUM(d10), SUM(d11), SUM(d12), SUM(d13), SUM(d14), SUM(d15), SUM(d16), SUM(d17), SUM(d18), SUM(d19), SUM(d20), SUM(d21), SUM(d22), SUM(d23), SUM(d24), SUM(d25), SUM(d26), SUM(d27), SUM(d28)
FROM analysis_hour
GROUP BY bucket, channel, event, failure_kind, status;
