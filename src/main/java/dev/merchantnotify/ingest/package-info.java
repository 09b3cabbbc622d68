/**
 * Ingest: the producers' API ({@code /api/v1/notifications}, role {@code producer}).
 *
 * <p>A submission is validated completely ({@link dev.merchantnotify.ingest.NotificationRequest#parse}), stored as a
 * PENDING row in one transaction, and its id is pushed to Redis only after the commit. A batch of up to 1000 is one
 * transaction (one query for duplicates, one JDBC batch of inserts) and one Redis push, with a result per item: accepted, duplicate, or rejected with the field at fault
 * (a rejected item never stops the others).
 *
 * <p>A request with a {@code merchant_no} is checked against this node's routing table
 * ({@link dev.merchantnotify.ingest.Ingest#route}): an unknown or disabled account, or one without an enabled route for
 * the event, is refused with a 400 naming {@code merchant_no}. For a broadcast route the notification is stored with
 * one copy per member (its own notify URL, if given, a required one too), and the copies are queued, not the
 * broadcast.
 *
 * <p>Idempotency: one notification per (order_no, event). The same pair again answers the existing notification with
 * {@code "msg":"duplicate"} and is never delivered twice; the database's unique constraint settles races between
 * producers. Merchants seen for the first time are registered before, in a short transaction of their own.
 *
 * <p>Each request that stored or matched notifications fires {@link dev.merchantnotify.ingest.NotificationsAccepted}
 * after the commit (monitoring counts it).
 *
 * <p>If Redis is unreachable the rows are still stored and the answer is still 202: the sweeper enqueues them once
 * Redis answers again. If the database is unreachable the answer is 503 and nothing is stored.
 */
package dev.merchantnotify.ingest;
