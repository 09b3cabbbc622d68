-- Merchant Notify schema, version 12: per-day merchant rollups.
--
-- Questions about every merchant over a whole range (the worst merchants by success rate or p99, the busiest, which
-- merchants a group_by=merchant answer shows) read, for the range's whole UTC days, one row per merchant and day from
-- here instead of its rows per hour and dimension values (the benchmark's year: 365,000 rows instead of 11 million).
-- The compactor adds each delta here in the same transaction as into the other rollups, so the tables always agree.
-- Stop every node running an older version before the first one of this version starts: an older node would move
-- deltas into the per-hour rollups but not into these.

CREATE TABLE analysis_day_merchant (
    bucket          TIMESTAMP     NOT NULL,
    merchant        VARCHAR(64)   NOT NULL,
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
    CONSTRAINT pk_analysis_day_merchant PRIMARY KEY (bucket, merchant)
);

-- The days already rolled up, from the per-hour rollups (deltas not moved yet are added when they are moved).
INSERT INTO analysis_day_merchant (bucket, merchant,
    attempts, successes, firsts, first_successes, errors, total_ms, max_ms, d00, d01, d02, d03, d04, d05, d06, d07,
    d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28)
SELECT CAST(CAST(bucket AS DATE) AS TIMESTAMP), merchant,
    SUM(attempts), SUM(successes), SUM(firsts), SUM(first_successes), SUM(errors), SUM(total_ms), MAX(max_ms),
    SUM(d00), SUM(d01), SUM(d02), SUM(d03), SUM(d04), SUM(d05), SUM(d06), SUM(d07), SUM(d08), SUM(d09), SUM(d10),
    SUM(d11), SUM(d12), SUM(d13), SUM(d14), SUM(d15), SUM(d16), SUM(d17), SUM(d18), SUM(d19), SUM(d20), SUM(d21),
    SUM(d22), SUM(d23), SUM(d24), SUM(d25), SUM(d26), SUM(d27), SUM(d28)
FROM analysis_hour
GROUP BY CAST(CAST(bucket AS DATE) AS TIMESTAMP), merchant;
