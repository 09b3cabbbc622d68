/**
 * Dispatch: delivering notifications to merchants, at high concurrency, without one slow merchant holding a thread.
 *
 * <p>Flow on each node: {@link dev.merchantnotify.dispatch.DispatchPoller} claims ids from Redis while the global
 * in-flight cap ({@code notify.dispatch.max-in-flight}) has room, loads their rows in one query and their merchants'
 * health in one pipeline, then per merchant: a paused merchant's notifications are parked (PENDING with no next
 * attempt: no attempt used, no expiry, untouched by the sweeper, conditional on the merchant still being paused in the
 * database), an open breaker defers (no attempt used), an expired open period lets one
 * probe through, a closed breaker admits into the merchant's {@link dev.merchantnotify.dispatch.Lane} (16 in flight,
 * 2 when slow, a short queue; the overflow goes back to the retry queue due when the lane should have room, judged
 * from the merchant's mean answer time or, if longer, how long its lane has gone without an answer). Each
 * admitted notification gets an asynchronous attempt ({@link dev.merchantnotify.dispatch.MerchantClient}, Jetty's HTTP
 * client: chosen because its address resolver can be replaced, so each connection goes to an address the outbound guard
 * vetted when it was resolved, {@link dev.merchantnotify.dispatch.GuardedResolver}; {@code java.net.http} offers no such
 * hook).
 * Outcomes are buffered and written in batches ({@link dev.merchantnotify.dispatch.OutcomeRecorder}: one transaction,
 * JDBC-batched inserts and conditional updates), then settled in Redis with one call, and the merchants' health is
 * updated with one more; then {@link dev.merchantnotify.dispatch.OutcomesRecorded} tells monitoring (in memory).
 * The poll and record loops and the promote timer note when they last came round: the health checks go by it.
 * With {@code notify.dispatch.enabled=false} none of this runs: the node only ingests.
 * {@link dev.merchantnotify.dispatch.QueueMaintenance} runs the timers: promote due retries, re-queue expired leases,
 * sweep for rows Redis lost (paging through up to 20 batches a run), and every 10 s bring Redis's paused merchants in
 * step with the database's and queue notifications left parked for a merchant no longer paused. A node that stops
 * normally stops claiming, hands the notifications waiting in its lanes back to the pending list, lets its attempts in flight finish (bounded by the
 * attempt deadline) and records them; a killed node's claims come back when their leases expire.
 *
 * <p>The delivery contract: {@code form} (default) posts the payload's fields form-encoded and needs a 2xx whose body
 * is {@code success}; {@code json} posts the payload and needs any 2xx ({@link dev.merchantnotify.dispatch.SuccessRule}).
 * Every request carries {@code User-Agent: MerchantNotify/<version>}, {@code X-Notify-Id} and {@code X-Notify-Attempt}.
 * Timeouts 3 s connect and 5 s request; redirects are failures; at most 64 KB of an answer is read and 1 KB kept.
 * A merchant with a signing secret ({@code dev.merchantnotify.signing}) gets signed requests: Standard Webhooks headers
 * ({@code webhook-id} = {@code msg_<id>}, the same on every attempt) for {@code json}, {@code sign} and
 * {@code sign_type} fields for {@code form} ({@link dev.merchantnotify.dispatch.MerchantRequests}).
 * An attempt to a host that is or resolves only to blocked addresses fails with kind {@code blocked}, is not retried
 * and does not count against the merchant's breaker (unless it was the half-open probe).
 * Retries follow {@link dev.merchantnotify.dispatch.RetrySchedule} (15 s, 1 min, 5 min by default), then FAILED.
 *
 * <p>Exactly-once toward the database, at-least-once toward the merchant: a claim locks each id
 * ({@code merchant_notify_lock:{id}}) so that no two threads or nodes deliver a notification at the same time, and an
 * outcome changes the row only if it is still PENDING at the version it was claimed at (an outcome overtaken by an
 * operator's retry or another node changes nothing, and its id goes back to be looked at again). A merchant sees a
 * duplicate only if a node dies between the merchant's answer and the recording of it, or if it answered after the
 * request timeout (the attempt failed and is retried).
 *
 * <p>An operator's retry ({@link dev.merchantnotify.dispatch.Redelivery}) makes any notification PENDING and due at
 * once, with a fresh attempt budget: the schedule counts attempts from that moment, and so does the maximum age. A
 * recovery does the same for a merchant's failed notifications in batches that each commit and join the back of the
 * pending list; a resume gives a merchant's parked notifications a next attempt the same way.
 */
package dev.merchantnotify.dispatch;
