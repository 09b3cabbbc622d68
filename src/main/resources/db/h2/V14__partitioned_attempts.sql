-- Merchant Notify schema, version 14 (H2): nothing changes. On PostgreSQL this version partitions delivery_attempt by
-- day (db/postgres/V14__partitioned_attempts.sql); H2, the one-node default, keeps one table and cleans it up by
-- deleting rows.
COMMENT ON TABLE delivery_attempt IS 'delivery attempts (one table on H2; partitioned by day on PostgreSQL)';
