package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Operators' ways of sending notifications again.
 * <ul>
 *   <li>{@link #retry}: notifications, whatever their state (delivered, failed, waiting for a retry or a breaker),
 *       become PENDING and due at once with a fresh attempt budget, and go first in line once the caller's
 *       transaction commits. An attempt in flight for one of them is overtaken: its outcome no longer changes the
 *       row.</li>
 *   <li>{@link #recover}: one batch of a recovery (many notifications of one merchant in one state): each still in
 *       that state becomes PENDING, due at once, with a fresh attempt budget, in a transaction of its own, and joins
 *       the back of the pending list (a large recovery never stands in front of other merchants' notifications).</li>
 *   <li>{@link #unpark}: one batch of a resumed merchant's parked notifications, given a next attempt now and queued
 *       the same way.</li>
 *   <li>{@link #dueNow}: a merchant that is reachable again (its socket connected): its notifications waiting for a
 *       retry or a breaker's delay become due at once and go first in line.</li>
 * </ul>
 * Either way the merchant's lanes pace the deliveries, as for any backlog. A broadcast is sent again as its copies
 * (all of them, for a retry of the broadcast); a broadcast whose copies are sent again is PENDING again until its
 * required copies are delivered.
 */
@ApplicationScoped
public class Redelivery {

    @Inject
    DeliveryRows rows;

    @Inject
    NotifyQueue queue;

    @Inject
    Clock clock;

    /** Marks the notifications for delivery now; returns how many rows changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int retry(Collection<Long> ids) {
        Instant now = clock.instant();
        List<Long> send = rows.withCopies(ids);
        int changed = rows.requeue(send, now);
        rows.settleBroadcastsOf(send);
        queue.requeueNowAfterCommit(send);
        // A broadcast counts once, however many copies it has.
        return Math.max(0, changed - (send.size() - ids.size()));
    }

    /** Queues again those of {@code ids} still in {@code status}, in a transaction of their own; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int recover(List<Long> ids, NotificationStatus status) {
        List<Long> changed = rows.requeueIf(ids, status, clock.instant());
        rows.settleBroadcastsOf(changed);
        queue.enqueueAfterCommit(changed);
        return changed.size();
    }

    /**
     * Makes the merchant's notifications that wait for a later attempt (at most {@code limit}, oldest first) due now,
     * in a transaction of their own; the attempt budget is unchanged. Returns how many.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int dueNow(String merchantKey, int limit) {
        Instant now = clock.instant();
        List<Long> ids = Arrays.stream(rows.waiting(merchantKey, now, limit)).boxed().toList();
        List<Long> changed = rows.dueNow(ids, now);
        queue.requeueNowAfterCommit(changed);
        return changed.size();
    }

    /** Gives those of {@code ids} still parked a next attempt now and queues them, in a transaction of their own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int unpark(List<Long> ids) {
        List<Long> changed = rows.unpark(ids, clock.instant());
        queue.enqueueAfterCommit(changed);
        return changed.size();
    }
}
