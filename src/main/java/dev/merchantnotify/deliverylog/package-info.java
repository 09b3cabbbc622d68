/**
 * The delivery log: every notification and every attempt to deliver it, kept in the relational database.
 *
 * <p>The database is the source of truth. Redis holds only ids, leases and locks (see {@code dev.merchantnotify.queue}),
 * so losing Redis loses time, never a notification: a PENDING row whose id is in no Redis structure is found again by
 * the sweeper.
 *
 * <p>Tables, defined by the Flyway migrations in {@code src/main/resources/db/migration} (one portable SQL for H2 and
 * PostgreSQL, and {@code db/postgres} / {@code db/h2} where they differ, applied at start-up by
 * {@code dev.merchantnotify.platform.SchemaMigration}; JPA never changes the schema):
 * <ul>
 *   <li>{@code notification}: one row per (order_no, event) (a broadcast's copies aside), unique; status PENDING, SUCCESS or FAILED; the number of
 *       attempts made; when the next attempt is due; the last error. Indexed by (order_no, event), (status,
 *       next_attempt_at) for the sweeper, merchant_key and created_at. Every status change from dispatch is
 *       conditional on the row still being PENDING at the {@code version} it was claimed at, so two nodes can never
 *       both record an outcome for the same attempt, and an operator's retry overtakes an attempt in flight.
 *       {@code attempt_base} and {@code retried_at} mark where an operator's retry started a fresh attempt budget.
 *       A notification routed by its merchant account (V7) has its {@code merchant_no}, its {@code merchant_key} is
 *       the destination it is at, and {@code route_step} / {@code step_failures} say where a failover route stands.
 *       A broadcast (V8, {@link dev.merchantnotify.deliverylog.BroadcastPart}) is a row that is never queued, with
 *       one row per member as its copies ({@code parent_id}, {@code branch} 1..n, which makes the unique key
 *       (order_no, event, branch)); its status follows its required copies.</li>
 *   <li>{@code delivery_attempt}: one row per attempt: number, start, duration, HTTP status, at most 1 KB of the
 *       answer, the error kind and message of a failure, and where it went (destination key, channel, destination
 *       name, target without credentials, provider reference). Indexed by notification, start time, and destination
 *       key and start time. On PostgreSQL (V14) it is partitioned by UTC day of {@code started_at}, primary key
 *       {@code (id, started_at)}; {@link dev.merchantnotify.deliverylog.AttemptPartitions} keeps the next days'
 *       partitions ready and a clean-up drops the old ones.</li>
 *   <li>the analysis rollups (V10): each batch of attempts is also counted, in the same transaction, into
 *       {@code analysis_delta} rows per minute and dimensions ({@link dev.merchantnotify.deliverylog.AttemptTally},
 *       {@link dev.merchantnotify.deliverylog.RollupKey}); {@code dev.merchantnotify.analysis} moves them into the
 *       per-minute and per-hour tables, which {@code cleanup} leaves alone.</li>
 * </ul>
 * Times are stored as UTC timestamps ({@link dev.merchantnotify.deliverylog.UtcTime}).
 *
 * <p>Access: what every notification passes through (ingest's insert, dispatch's load and outcome writes) is plain
 * JDBC in {@link dev.merchantnotify.deliverylog.DeliveryRows}, batched and without reading rows back; reads for
 * people (the API, operators) are JPA queries in {@link dev.merchantnotify.deliverylog.Notifications}, except the
 * operators' log search ({@link dev.merchantnotify.deliverylog.AttemptLog}), statistics
 * ({@link dev.merchantnotify.deliverylog.DeliveryStats}) and clean-up ({@link dev.merchantnotify.deliverylog.LogCleanup}),
 * which are plain SQL as well.
 */
package dev.merchantnotify.deliverylog;
