-- Analysis gains a second background job (the hourly anomaly check): the one-row state of the compaction job becomes
-- one row per job. A node locks its job's row while it runs, so one node at a time does it, and notes what it did last
-- ('compact': when it last moved deltas; 'anomaly': the hour it last checked for anomalies). The old row only noted
-- when deltas were last moved, so nothing is lost by making it again.
DROP TABLE analysis_state;
CREATE TABLE analysis_state (
    job     VARCHAR(16) NOT NULL,
    done_at TIMESTAMP,
    CONSTRAINT pk_analysis_state PRIMARY KEY (job)
);
INSERT INTO analysis_state (job, done_at) VALUES ('compact', NULL);
INSERT INTO analysis_state (job, done_at) VALUES ('anomaly', NULL);

-- The anomalies going on: a measure (notifications, success_rate, p95_ms) of the platform (scope '') or of a
-- merchant that left its forecast's band above or below, since when. Its row goes when it recovers.
CREATE TABLE analysis_anomaly (
    scope   VARCHAR(64) NOT NULL,
    measure VARCHAR(32) NOT NULL,
    above   BOOLEAN     NOT NULL,
    since   TIMESTAMP   NOT NULL,
    CONSTRAINT pk_analysis_anomaly PRIMARY KEY (scope, measure)
);
