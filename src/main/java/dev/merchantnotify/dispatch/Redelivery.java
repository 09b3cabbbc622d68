package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;

/**
 * An operator's retry: notifications, whatever their state (delivered, failed, waiting for a retry or a breaker),
 * become PENDING and due at once with a fresh attempt budget, and go first in line once the caller's transaction
 * commits. An attempt in flight for one of them is overtaken: its outcome no longer changes the row.
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
        int changed = rows.requeue(ids, now);
        queue.requeueNowAfterCommit(ids);
        return changed;
    }
}
