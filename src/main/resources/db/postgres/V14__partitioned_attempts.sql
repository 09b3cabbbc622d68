-- Merchant Notify schema, version 14 (PostgreSQL): the delivery attempts partitioned by day.
--
-- delivery_attempt becomes a table partitioned by RANGE (started_at), one partition per UTC day named
-- delivery_attempt_pYYYYMMDD, plus delivery_attempt_default for a row no day partition takes (the application creates
-- each day's partition notify.deliverylog.partition-days-ahead days ahead and moves such rows in when it does).
-- A clean-up drops whole days instead of deleting rows, and each day's indexes stay the size of a day.
-- The primary key must contain the partition key: (id, started_at); ids still come from delivery_attempt_seq alone,
-- so id stays unique. notification is not partitioned: its idempotency key (order_no, event, branch) must be unique
-- across all time, and PostgreSQL enforces uniqueness on a partitioned table only together with the partition key.
-- The existing rows are copied into their days (at most the last 366 days get partitions of their own; older rows go
-- to the default partition, which a clean-up empties by deleting rows).

ALTER TABLE delivery_attempt RENAME TO delivery_attempt_v13;
ALTER TABLE delivery_attempt_v13 RENAME CONSTRAINT pk_delivery_attempt TO pk_delivery_attempt_v13;
ALTER TABLE delivery_attempt_v13 RENAME CONSTRAINT fk_attempt_notification TO fk_attempt_notification_v13;
ALTER INDEX ix_attempt_notification RENAME TO ix_attempt_notification_v13;
ALTER INDEX ix_attempt_started RENAME TO ix_attempt_started_v13;
ALTER INDEX ix_attempt_destination RENAME TO ix_attempt_destination_v13;

CREATE TABLE delivery_attempt (LIKE delivery_attempt_v13 INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (started_at);
ALTER TABLE delivery_attempt ADD CONSTRAINT pk_delivery_attempt PRIMARY KEY (id, started_at);
ALTER TABLE delivery_attempt ADD CONSTRAINT fk_attempt_notification FOREIGN KEY (notification_id)
    REFERENCES notification (id);
CREATE INDEX ix_attempt_notification ON delivery_attempt (notification_id, attempt_no);
CREATE INDEX ix_attempt_started ON delivery_attempt (started_at);
CREATE INDEX ix_attempt_destination ON delivery_attempt (destination_key, started_at);
CREATE TABLE delivery_attempt_default PARTITION OF delivery_attempt DEFAULT;

DO $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    day date;
BEGIN
    SELECT GREATEST(COALESCE(MIN(started_at)::date, today), today - 366) INTO day FROM delivery_attempt_v13;
    WHILE day <= today + 7 LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF delivery_attempt FOR VALUES FROM (%L) TO (%L)',
                       'delivery_attempt_p' || to_char(day, 'YYYYMMDD'), day::timestamp, (day + 1)::timestamp);
        day := day + 1;
    END LOOP;
END $$;

INSERT INTO delivery_attempt SELECT * FROM delivery_attempt_v13;
DROP TABLE delivery_attempt_v13;
