/**
 * The delivery queue in Redis: which notification ids are ready, delayed, or being delivered, and by whom.
 *
 * <p>Redis holds ids only; the rows are in the database (see {@code dev.merchantnotify.deliverylog}). An id is in at most
 * one of the three structures at a time, and every move between them is one Lua script, so it is atomic even with many
 * nodes polling the same Redis. Redis 6.2 or newer is required ({@code RPOP} with a count).
 *
 * <p>The three structures and the locks are split in {@code notify.queue.shards} shards ({@link
 * dev.merchantnotify.queue.QueueShards}): notification {@code id} belongs to shard {@code id mod shards}. With one shard
 * on one Redis (the default there) the keys are the ones below; otherwise shard {@code s}'s keys carry its hash tag,
 * {@code merchant_notify_pending_queue{<tag>}} and so on, and its lock keys are {@code merchant_notify_lock{<tag>}:<id>},
 * so that on a Redis Cluster every script touches one slot (a lock key is built inside the scripts, from the prefix they
 * are given, in the same slot). Every other key below is one key per script call.
 *
 * <table>
 *   <caption>Redis keys</caption>
 *   <tr><th>key</th><th>type</th><th>holds</th></tr>
 *   <tr><td>{@code merchant_notify_pending_queue}</td><td>LIST</td><td>ids ready to deliver: pushed on the left,
 *       claimed from the right (oldest first)</td></tr>
 *   <tr><td>{@code merchant_notify_retry_queue}</td><td>ZSET</td><td>id → due time (epoch ms): retries waiting for
 *       their delay</td></tr>
 *   <tr><td>{@code merchant_notify_inflight}</td><td>ZSET</td><td>id → lease deadline (epoch ms): claimed by a node
 *       and being delivered; an expired lease means the node died, and the id goes back to the pending list</td></tr>
 *   <tr><td>{@code merchant_notify_lock:{id}}</td><td>STRING</td><td>the claiming node's token, {@code PX} = request
 *       timeout + grace: one delivery of a notification at a time, across threads and nodes</td></tr>
 *   <tr><td>{@code merchant_notify_merchant:{key}}</td><td>HASH</td><td>a merchant's (or a registered destination's,
 *       by its destination key) health: {@code failures},
 *       {@code breaker} (closed, open, half_open), {@code open_until} and {@code probe_until} (epoch ms), {@code slow},
 *       {@code mean_rt} (ms), {@code status}, {@code paused_at} (epoch ms, while an operator has paused it),
 *       {@code version} (every write is a compare-and-set on it); owned by
 *       {@code dev.merchantnotify.merchant.MerchantRegistry}; also {@code alerted_breaker} and {@code alerted_slow}
 *       (epoch ms), the last breaker and slow-merchant alerts, so that all nodes together announce a merchant at most
 *       once per period</td></tr>
 *   <tr><td>{@code merchant_notify_rt:{key}}</td><td>LIST</td><td>a merchant's last response times in ms, newest
 *       first, trimmed to {@code notify.merchant.window-size}; owned by the same registry</td></tr>
 *   <tr><td>{@code merchant_notify_paused}</td><td>SET</td><td>the keys of the merchants an operator has paused (the
 *       database's {@code merchant} row keeps the pause; this is every node's copy), written by a command of its own,
 *       before the merchant's hash on a pause and after it on a resume; owned by the same registry</td></tr>
 *   <tr><td>{@code merchant_notify_job:{id}}</td><td>HASH</td><td>an operator's long change (recover, resume): kind,
 *       target, state, total, queued, who and when; expires after 7 days; owned by
 *       {@code dev.merchantnotify.operator.OperatorJobs}</td></tr>
 *   <tr><td>{@code merchant_notify_routing_version}</td><td>STRING</td><td>a counter raised after every committed
 *       change of a merchant account, destination or route, so that every node reads the routing again; owned by
 *       {@code dev.merchantnotify.routing.RoutingVersion}</td></tr>
 *   <tr><td>{@code merchant_notify_alert_state}</td><td>HASH</td><td>threshold alert type → when it was last announced
 *       (epoch ms), present while its condition holds; owned by {@code dev.merchantnotify.alerting.ThresholdWatch}</td></tr>
 *   <tr><td>{@code merchant_notify_alert_eval}</td><td>STRING</td><td>taken by the node that evaluates the alert
 *       thresholds this period, {@code PX} = 90 % of {@code notify.alerting.threshold.interval-seconds}</td></tr>
 * </table>
 *
 * <p>Moves: ingest pushes ids after its transaction commits (through {@link dev.merchantnotify.queue.IngestPush},
 * guarded by MicroProfile Fault Tolerance); a claim pops ids, locks each one and leases it; a settle
 * removes the lease, schedules the retry if there is one, and releases the lock; timers promote due retries and re-queue
 * expired leases. Dispatch also sends ids back to the retry queue without an attempt: when their merchant's breaker
 * is open (+{@code notify.merchant.defer-seconds}) or its lane on the node is full (due when it should have room).
 * An operator's retry takes ids out of the retry queue and puts them where the pending list is claimed next; a
 * recovery and a resume push theirs on the left, behind what is waiting. A paused merchant's ids leave Redis when they
 * are parked (their rows keep them) and come back when it is resumed.
 * The sweeper finds PENDING rows that are due and in no structure (Redis flushed or restarted without
 * its data) and pushes them again. A duplicate id in Redis is harmless: dispatch delivers only a PENDING row that is due
 * and whose lock it holds.
 */
package dev.merchantnotify.queue;
