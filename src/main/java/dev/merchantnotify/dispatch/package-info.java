/**
 * Dispatch: delivering notifications to merchants, at high concurrency, without one slow merchant holding a thread.
 *
 * <p>Flow on each node, one class per job:
 * <ul>
 *   <li>{@link dev.merchantnotify.dispatch.DispatchPoller} starts and stops dispatch and runs the poll loop: while the
 *       global in-flight cap ({@code notify.dispatch.max-in-flight}) has room, it claims ids
 *       ({@link dev.merchantnotify.dispatch.Claims}: pop, lock, lease in one Lua call), loads their rows in one query
 *       and their destinations' health in one pipeline.</li>
 *   <li>{@link dev.merchantnotify.dispatch.RouteChooser} decides, for a notification routed by its merchant account
 *       ({@code merchant_no}), which member of its route ({@code dev.merchantnotify.routing.RoutingTable}) this attempt
 *       goes to, from the members' health read in the same pipeline: failover passes members whose breaker is open
 *       without an attempt, weighted picks by smooth weighted round robin or sticky hashing, a broadcast's copy goes to
 *       its own member; {@link dev.merchantnotify.dispatch.RouteStep} is where the attempt stands in its route. A
 *       notification with a notify URL only has no route and skips this.</li>
 *   <li>{@link dev.merchantnotify.dispatch.Gate} admits each destination's notifications: a paused one's are parked
 *       (PENDING with no next attempt: no attempt used, no expiry, untouched by the sweeper, conditional on the merchant
 *       still being paused in the database), an open breaker defers (no attempt used), an expired open period lets one
 *       probe through, a closed breaker admits into the destination's lane.</li>
 *   <li>{@link dev.merchantnotify.dispatch.Lanes} holds one {@link dev.merchantnotify.dispatch.Lane} per destination
 *       (16 in flight, 2 when slow, a short queue; the overflow goes back to the retry queue due when the lane should
 *       have room, judged from the destination's mean answer time or, if longer, how long its lane has gone without
 *       an answer) and starts each attempt through {@code dev.merchantnotify.channel.Channels}: dispatch knows no
 *       channel, only the shared outcome. No thread waits for a merchant.</li>
 *   <li>{@link dev.merchantnotify.dispatch.RecordWorker} runs the record loop: outcomes are buffered and written in
 *       batches ({@link dev.merchantnotify.dispatch.OutcomeRecorder}: one transaction, JDBC-batched inserts and
 *       conditional updates), then settled in Redis with one call, and the destinations' health is updated with one
 *       more; then {@link dev.merchantnotify.dispatch.OutcomesRecorded} tells monitoring (in memory).</li>
 * </ul>
 * The poll and record loops and the promote timer note when they last came round: the health checks go by it.
 * With {@code notify.dispatch.enabled=false} none of this runs: the node only ingests.
 * {@link dev.merchantnotify.dispatch.QueueMaintenance} runs the timers: promote due retries, re-queue expired leases,
 * sweep for rows Redis lost (paging through up to 20 batches a run), and every 10 s bring Redis's paused merchants in
 * step with the database's and queue notifications left parked for a merchant no longer paused. A node that stops
 * normally stops claiming, hands the notifications waiting in its lanes back to the pending list, lets its attempts in
 * flight finish (bounded by the attempt deadline) and records them; a killed node's claims come back when their leases
 * expire.
 *
 * <p>What a merchant receives is the channel's business ({@code dev.merchantnotify.channel.http} for callbacks).
 * An attempt whose target is or resolves only to blocked addresses fails with kind {@code blocked}, is not retried
 * and does not count against the destination's breaker (unless it was the half-open probe).
 * Retries follow {@link dev.merchantnotify.dispatch.RetrySchedule} (15 s, 1 min, 5 min by default), then FAILED.
 *
 * <p>Exactly-once toward the database, at-least-once toward the merchant: a claim locks each id
 * ({@code merchant_notify_lock:{id}}) so that no two threads or nodes deliver a notification at the same time, and an
 * outcome changes the row only if it is still PENDING at the version it was claimed at (an outcome overtaken by an
 * operator's retry or another node changes nothing, and its id goes back to be looked at again). A merchant sees a
 * duplicate only if a node dies between the merchant's answer and the recording of it, or if it answered after the
 * request timeout (the attempt failed and is retried).
 *
 * <p>A routed notification's outcome moves it along its route ({@link dev.merchantnotify.dispatch.OutcomeRecorder}): a
 * failover member that failed ({@code failover_after} times) hands it to the next member at once, without a retry
 * delay and without using up the retry schedule; after the last member the schedule applies to the whole route, from
 * tier 1 again. A broadcast's copy that succeeds or fails for good settles its broadcast in the same transaction.
 *
 * <p>An operator's retry ({@link dev.merchantnotify.dispatch.Redelivery}) makes any notification PENDING and due at
 * once, with a fresh attempt budget: the schedule counts attempts from that moment, and so does the maximum age. A
 * recovery does the same for a merchant's failed notifications in batches that each commit and join the back of the
 * pending list; a resume gives a merchant's parked notifications a next attempt the same way. A broadcast is sent again
 * as its copies. A destination a channel reports reachable again ({@link dev.merchantnotify.channel.DestinationReachable}:
 * a merchant's socket connected) has its breaker closed and its waiting notifications made due at once
 * ({@link dev.merchantnotify.dispatch.BacklogRelease}), with their attempt budget unchanged.
 */
package dev.merchantnotify.dispatch;
