/**
 * Admin: what operators look at and change, for the admin API under {@code /admin/merchant-notify/} (role
 * {@code admin}, the seed's nine endpoints plus {@code alerts} and {@code audit}) and for the console alike.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.admin.OperatorQueries}: the queue's counts and first notifications, the delivery log,
 *       statistics, merchants' status one by one or paged. Each answer costs a fixed number of queries and Redis round
 *       trips, whatever the size of the data.</li>
 *   <li>{@link dev.merchantnotify.admin.OperatorActions}: retry a notification (a fresh attempt budget, whatever its
 *       state), clean up old logs, reset a merchant's breaker, send an alert (through
 *       {@code dev.merchantnotify.alerting}, whose history {@code alerts} lists). Each writes an
 *       {@link dev.merchantnotify.admin.AuditRecord} (table {@code audit_record}: who, what, to what, when, from
 *       where), in the same transaction as the change when the change is in the database.</li>
 *   <li>{@link dev.merchantnotify.admin.AdminResource}: the REST endpoints, which parse and check parameters and bodies
 *       (JSON only), call the two services and answer in the {@code {"code","msg","data"}} envelope with the seed's
 *       field names; every endpoint is described for {@code /openapi}.</li>
 * </ul>
 */
package dev.merchantnotify.admin;
