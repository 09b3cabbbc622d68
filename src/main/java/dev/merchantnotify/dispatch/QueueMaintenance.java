package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The queue's timers, non-persistent and running on every node (each step is atomic in Redis, so nodes never conflict):
 * promote due retries every second, re-queue expired leases every 5 s, and sweep every 10 s for PENDING rows that are
 * overdue and in no Redis structure (Redis flushed, restarted without its data, or unreachable at ingest); every 10 s
 * too, bring Redis's paused merchants in step with the database's and release notifications parked for a merchant no
 * longer paused (a resume that overtook a parking).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QueueMaintenance {

    private static final Logger LOG = Logger.getLogger(QueueMaintenance.class.getName());
    private static final int MOVE_LIMIT = 1000;
    /** Batches of {@code notify.dispatch.sweep-batch-size} one sweep may re-queue. */
    private static final int SWEEP_ROUNDS = 20;

    @Inject
    NotifyQueue queue;

    @Inject
    Notifications notifications;

    @Inject
    Claims claims;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    @Inject
    Merchants merchants;

    @Inject
    DeliveryRows deliveryRows;

    @Inject
    Redelivery redelivery;

    private final Backoff promoteBackoff = new Backoff("Promoting due retries", LOG);
    private final Backoff leaseBackoff = new Backoff("Re-queueing expired leases", LOG);
    private final Backoff pauseBackoff = new Backoff("Checking paused merchants", LOG);
    private final Backoff sweepBackoff = new Backoff("Sweeping for notifications missing from Redis", LOG);
    /** When the promote timer last fired (epoch ms; 0: never): what the health checks go by. */
    private volatile long promotedAtMillis;

    /** When the promote timer (every second) last fired, whether or not Redis answered (epoch ms, 0 if never). */
    public long promotedAtMillis() {
        return promotedAtMillis;
    }

    @Schedule(hour = "*", minute = "*", second = "*", persistent = false, info = "promote due retries")
    public void promoteDueRetries() {
        promotedAtMillis = clock.millis();
        if (promoteBackoff.waiting()) {
            return;
        }
        try {
            int moved;
            int rounds = 0;
            do {
                moved = queue.promoteDueRetries(clock.millis(), MOVE_LIMIT);
            } while (moved == MOVE_LIMIT && ++rounds < 50);
            promoteBackoff.succeeded();
        } catch (RuntimeException e) {
            promoteBackoff.failed(e);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "re-queue expired leases")
    public void requeueExpiredLeases() {
        if (leaseBackoff.waiting()) {
            return;
        }
        try {
            int moved = queue.requeueExpiredLeases(clock.millis(), MOVE_LIMIT);
            if (moved > 0) {
                LOG.warning(() -> moved + " notification(s) had an expired lease (a node stopped mid-delivery) and were "
                        + "queued again");
            }
            leaseBackoff.succeeded();
        } catch (RuntimeException e) {
            leaseBackoff.failed(e);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/10", persistent = false, info = "sweep")
    public void sweep() {
        if (sweepBackoff.waiting()) {
            return;
        }
        try {
            Instant dueBefore = clock.instant().minus(settings.sweepGrace());
            Notifications.Due after = null;
            int requeued = 0;
            // Page through the due rows, up to a bound per run, so that after a flush recovery runs at thousands of ids
            // per run rather than one batch per run.
            for (int round = 0; round < SWEEP_ROUNDS; round++) {
                List<Notifications.Due> overdue = notifications.findDue(dueBefore, after, settings.sweepBatchSize());
                if (overdue.isEmpty()) {
                    break;
                }
                after = overdue.get(overdue.size() - 1);
                Optional<List<Long>> missing = queue.missing(overdue.stream().map(Notifications.Due::id).toList(),
                        settings.sweepListScanLimit());
                if (missing.isEmpty()) {
                    LOG.fine("Sweep skipped: a long backlog is draining");
                    break;
                }
                List<Long> lost = missing.get().stream().filter(id -> !claims.isBusy(id)).toList();
                if (!lost.isEmpty()) {
                    queue.enqueue(lost);
                    requeued += lost.size();
                }
                if (overdue.size() < settings.sweepBatchSize()) {
                    break;
                }
            }
            if (requeued > 0) {
                int total = requeued;
                LOG.warning(() -> total + " overdue PENDING notification(s) were in no Redis queue and were "
                        + "queued again (Redis flushed, restarted without data, or unreachable at ingest)");
            }
            sweepBackoff.succeeded();
        } catch (RuntimeException e) {
            sweepBackoff.failed(e);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "5/10", persistent = false, info = "paused merchants")
    public void reconcilePauses() {
        if (pauseBackoff.waiting()) {
            return;
        }
        try {
            Set<String> paused = merchants.reconcilePauses();
            List<Long> strays = deliveryRows.strayParked(paused, MOVE_LIMIT);
            if (!strays.isEmpty()) {
                int released = redelivery.unpark(strays);
                LOG.info(() -> released + " notification(s) parked for merchants no longer paused were queued");
            }
            pauseBackoff.succeeded();
        } catch (RuntimeException e) {
            pauseBackoff.failed(e);
        }
    }
}
