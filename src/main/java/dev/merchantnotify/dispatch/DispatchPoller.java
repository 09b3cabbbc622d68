package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.Settlement;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The node's dispatcher: two loops on the managed scheduled executor.
 *
 * <ul>
 *   <li><b>poll</b>: while the global in-flight cap has room, claim a batch of ids (one Lua call: pop, lock, lease),
 *       load their rows in one query, and start an async HTTP attempt for each PENDING row that is due. No thread waits
 *       for a merchant: completions land in the outcome buffer.</li>
 *   <li><b>record</b>: drain the outcome buffer in batches: one transaction per batch ({@link OutcomeRecorder}), then one
 *       Redis call that drops the leases, schedules the retries and releases the locks.</li>
 * </ul>
 * If the database cannot take outcomes, they stay buffered (claiming stops once the buffer is full) and are written
 * when it answers again. Redis errors pause polling with a growing back-off, logged once per outage.
 */
@ApplicationScoped
public class DispatchPoller {

    private static final Logger LOG = Logger.getLogger(DispatchPoller.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    @Resource(lookup = "concurrent/dispatchExecutor")
    ManagedScheduledExecutorService executor;

    @Inject
    NotifyQueue queue;

    @Inject
    Notifications notifications;

    @Inject
    MerchantClient merchants;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    /** This node's lock token. */
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Ids claimed by this node and not yet settled: the sweeper must not enqueue them again. */
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedDeque<DeliveryOutcome> outcomes = new ConcurrentLinkedDeque<>();

    private final Backoff pollBackoff = new Backoff("Dispatch polling", LOG);
    private final Backoff recordBackoff = new Backoff("Recording delivery outcomes", LOG);
    private volatile boolean running;
    private ScheduledFuture<?> pollTask;
    private ScheduledFuture<?> recordTask;

    void start(@Observes Startup startup) {
        running = true;
        pollTask = executor.scheduleWithFixedDelay(this::poll, 0, settings.pollIntervalMillis(), TimeUnit.MILLISECONDS);
        recordTask = executor.scheduleWithFixedDelay(this::recordOutcomes, 0, settings.pollIntervalMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(() -> "Dispatch started: up to " + settings.maxInFlight() + " deliveries in flight, retries after "
                + settings.retrySchedule().delays() + ", timeouts " + settings.connectTimeout().toMillis() + " ms connect / "
                + settings.requestTimeout().toMillis() + " ms request");
    }

    /** Stops claiming, lets attempts in flight finish (bounded by the attempt deadline) and records their outcomes. */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (!running) {
            return;
        }
        running = false;
        pollTask.cancel(false);
        long waitUntil = System.currentTimeMillis() + settings.attemptDeadline().toMillis() + 1000;
        while (inFlight.get() > 0 && System.currentTimeMillis() < waitUntil) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        recordTask.cancel(false);
        recordOutcomes();
        int abandoned = inFlight.get() + outcomes.size();
        LOG.info(() -> abandoned == 0 ? "Dispatch stopped; every attempt in flight was recorded"
                : "Dispatch stopped; " + abandoned + " attempt(s) not recorded: their leases expire and another node, or"
                + " this one after a restart, delivers them again");
    }

    /** Ids this node has claimed and not yet settled. */
    public boolean isBusy(long id) {
        return busy.contains(id);
    }

    public int inFlight() {
        return inFlight.get();
    }

    void poll() {
        if (!running || pollBackoff.waiting()) {
            return;
        }
        try {
            while (running) {
                int room = settings.maxInFlight() - inFlight.get();
                if (room <= 0 || outcomes.size() >= settings.maxInFlight() * 4) {
                    return;
                }
                int want = Math.min(room, settings.claimBatchSize());
                long now = clock.millis();
                List<Long> ids = queue.claim(want, now + settings.leaseMillis(), token, settings.lockTtlMillis());
                busy.addAll(ids);
                if (!ids.isEmpty()) {
                    dispatch(ids, now);
                }
                pollBackoff.succeeded();
                if (ids.size() < want) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            pollBackoff.failed(e);
        }
    }

    private void dispatch(List<Long> ids, long nowMillis) {
        Map<Long, Notification> rows;
        try {
            rows = notifications.findAll(ids).stream().collect(Collectors.toMap(Notification::getId, Function.identity()));
        } catch (RuntimeException e) {
            // Leases expire and the ids are claimed again once the database answers.
            busy.removeAll(ids);
            throw e;
        }
        List<Settlement> notOurs = new ArrayList<>();
        for (Long id : ids) {
            Notification row = rows.get(id);
            if (row == null || row.getStatus() != NotificationStatus.PENDING) {
                notOurs.add(Settlement.done(id));
            } else if (row.getNextAttemptAt() != null && row.getNextAttemptAt().toEpochMilli() > nowMillis + 1000) {
                notOurs.add(Settlement.retryAt(id, row.getNextAttemptAt().toEpochMilli()));
            } else {
                DeliveryTask task = DeliveryTask.of(row);
                inFlight.incrementAndGet();
                merchants.deliver(task).whenComplete((outcome, error) -> {
                    outcomes.add(outcome != null ? outcome : new DeliveryOutcome(task, clock.instant(), 0, null, null,
                            FailureKind.NETWORK, "delivery failed: " + error, null));
                    inFlight.decrementAndGet();
                });
            }
        }
        if (!notOurs.isEmpty()) {
            queue.settle(notOurs, token);
            notOurs.forEach(settlement -> busy.remove(settlement.id()));
        }
    }

    void recordOutcomes() {
        if (recordBackoff.waiting()) {
            return;
        }
        for (int round = 0; round < 20 && !outcomes.isEmpty(); round++) {
            List<DeliveryOutcome> batch = new ArrayList<>(settings.recordBatchSize());
            DeliveryOutcome next;
            while (batch.size() < settings.recordBatchSize() && (next = outcomes.poll()) != null) {
                batch.add(next);
            }
            List<Settlement> settlements;
            try {
                settlements = recordBatch(batch);
                recordBackoff.succeeded();
            } catch (RuntimeException e) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    outcomes.addFirst(batch.get(i));
                }
                recordBackoff.failed(e);
                return;
            }
            try {
                queue.settle(settlements, token);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Recorded {0} outcome(s) but could not update Redis ({1}); their leases expire "
                        + "and the sweeper puts retries back", new Object[] {settlements.size(), e.toString()});
            } finally {
                batch.forEach(outcome -> busy.remove(outcome.task().notificationId()));
            }
        }
    }

    private List<Settlement> recordBatch(List<DeliveryOutcome> batch) {
        try {
            return recorder.record(batch);
        } catch (RuntimeException e) {
            if (!causedBy(e, OptimisticLockException.class)) {
                throw e;
            }
            // Someone changed one of the rows meanwhile: record one by one, so only that outcome is dropped as stale.
            List<Settlement> settlements = new ArrayList<>(batch.size());
            for (DeliveryOutcome outcome : batch) {
                try {
                    settlements.addAll(recorder.record(List.of(outcome)));
                } catch (RuntimeException single) {
                    if (!causedBy(single, OptimisticLockException.class)) {
                        throw single;
                    }
                    settlements.add(Settlement.done(outcome.task().notificationId()));
                }
            }
            return settlements;
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Ids not to sweep: those this node is delivering or recording. */
    Collection<Long> busyIds() {
        return busy;
    }
}
