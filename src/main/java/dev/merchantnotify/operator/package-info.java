/**
 * Operator: what operators look at and change, one door for the admin API ({@code dev.merchantnotify.admin}) and the
 * browser console ({@code dev.merchantnotify.console}). Neither reads a store or changes state except through the
 * services here (the console's beans inject no store, and its sources import none: {@code OneDoorTest}); a new
 * operator screen or endpoint adds its query or action here and calls it from both.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.operator.OperatorQueries}: the queue's counts and first notifications, the delivery
 *       log, statistics, merchants' status one by one or paged. Each answer costs a fixed number of queries and Redis
 *       round trips, whatever the size of the data.</li>
 *   <li>{@link dev.merchantnotify.operator.OperatorActions}: retry a notification (a fresh attempt budget, whatever
 *       its state), clean up old logs, reset a merchant's breaker, send an alert (through
 *       {@code dev.merchantnotify.alerting}), issue or remove a merchant's signing secret, recover a merchant's failed
 *       (or delivered) notifications since a time, pause and resume a merchant. Each writes an
 *       {@link dev.merchantnotify.operator.AuditRecord} through {@link dev.merchantnotify.operator.AuditLog} (table
 *       {@code audit_record}: who, what, to what, when, from where), in the same transaction as the change when the
 *       change is in the database.</li>
 *   <li>{@link dev.merchantnotify.operator.RoutingOperations}: merchant accounts, their destinations and routes
 *       ({@code dev.merchantnotify.routing}): read, register, change, delete, each field checked (a destination's
 *       settings by its channel) and each change audited without its secrets; a test notification to one
 *       destination.</li>
 *   <li>{@link dev.merchantnotify.operator.OperatorJobs}: the long changes (recover, the queueing of a resumed
 *       merchant's backlog) run in batches that each commit, in the background, their state in Redis so that any node
 *       answers for them ({@link dev.merchantnotify.operator.JobView}); {@code notify.operator.*} sets the batch size
 *       and how long a request waits before answering with the job.</li>
 *   <li>The {@code *View} records: what the answers carry, with the admin API's field names (JSON-B) and the same
 *       values the console shows.</li>
 *   <li>{@link dev.merchantnotify.operator.Operator}: who acts (name and address), from the API's Basic login or the
 *       console's session.</li>
 * </ul>
 *
 * A request that cannot be done (an unknown notification or merchant, a merchant without a secret...) is a
 * {@link dev.merchantnotify.operator.Refusal}: a reason with a message key in {@code refusals.properties} (English, the
 * admin API's text) and {@code refusals_zh.properties}, never an HTTP status. The admin API maps it to its 4xx envelope
 * ({@code admin.RefusalMapper}); the console shows it in the operator's language.
 */
package dev.merchantnotify.operator;
