package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.PendingRow;
import dev.merchantnotify.merchant.AttemptReport;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.Settlement;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *   <li><b>poll</b>: while the node has room, claim a batch of ids (one Lua call: pop, lock, lease), load their rows in
 *       one query and their merchants' health in one pipeline, then per merchant: an open breaker defers its
 *       notifications without using an attempt; a breaker whose open period ended lets exactly one probe through; a
 *       closed one admits notifications into the merchant's {@link Lane} (at most {@code notify.merchant.lane-cap} in
 *       flight, 2 for a slow merchant, plus a short queue). What does not fit in a lane goes back to the retry queue,
 *       due when the lane should have room, so one merchant's backlog never stands in front of another merchant's
 *       notification. A merchant an operator paused has its notifications parked (no attempt, no expiry); those
 *       already waiting in its lane when the pause is seen are parked instead of started. No thread waits for a
 *       merchant: completions land in the outcome buffer.</li>
 *   <li><b>record</b>: drain the buffer in batches: one transaction per batch ({@link OutcomeRecorder}), one Redis call
 *       that drops the leases, schedules the retries and releases the locks, and one update of the merchants'
 *       health ({@link MerchantRegistry}).</li>
 * </ul>
 * If the database cannot take outcomes, they stay buffered (claiming stops once the buffer is full) and are written
 * when it answers again. Redis errors pause polling with a growing back-off, logged once per outage.
 */
@ApplicationScoped
public class DispatchPoller {

    private static final Logger LOG = Logger.getLogger(DispatchPoller.class.getName());
    /**
     * A notification that does not fit in its merchant's lane goes to the back of the pending list when the lane should
     * have room within this long, else it waits in the retry queue until then.
     */
    private static final long REQUEUE_WITHIN_MILLIS = 1_000;
    private static final long MAX_BOUNCE_MILLIS = 300_000;
    private static final long PAUSED_REFRESH_MILLIS = 1_000;

    @Resource(lookup = "concurrent/dispatchExecutor")
    ManagedScheduledExecutorService executor;

    @Inject
    NotifyQueue queue;

    @Inject
    DeliveryRows deliveryRows;

    @Inject
    MerchantClient merchants;

    @Inject
    MerchantRegistry registry;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    @Inject
    Event<OutcomesRecorded> recorded;

    /** This node's lock token. */
    private final String token = UUID.randomUUID().toString();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Ids claimed by this node and not yet settled: the sweeper must not enqueue them again. */
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedDeque<DeliveryOutcome> outcomes = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Deferral> deferrals = new ConcurrentLinkedDeque<>();
    /** The merchants paused, as this node last read it (see {@link #refreshPaused}). */
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();
    private volatile long pausedReadAtMillis;

    private final Backoff pollBackoff = new Backoff("Dispatch polling", LOG);
    private final Backoff recordBackoff = new Backoff("Recording delivery outcomes", LOG);
    private volatile boolean running;
    /** When each loop last came round (epoch ms; 0: never): what the health checks go by. */
    private volatile long polledAtMillis;
    private volatile long recordedAtMillis;
    private ScheduledFuture<?> pollTask;
    private ScheduledFuture<?> recordTask;

    void start(@Observes Startup startup) {
        long longestLaneWait = (long) merchantSettings.laneQueue() * settings.attemptDeadline().toMillis();
        if (longestLaneWait >= settings.leaseMillis()) {
            throw new IllegalStateException("Invalid settings: notify.merchant.lane-queue (" + merchantSettings.laneQueue()
                    + ") times the attempt deadline (" + settings.attemptDeadline().toMillis() + " ms) must stay below "
                    + "notify.dispatch.lease-seconds (" + settings.leaseMillis() / 1000 + " s), or waiting "
                    + "notifications would lose their lease");
        }
        if (!settings.enabled()) {
            LOG.info("Dispatch is off on this node (notify.dispatch.enabled=false): notifications are accepted and "
                    + "queued, other nodes deliver them");
            return;
        }
        running = true;
        pollTask = executor.scheduleWithFixedDelay(this::poll, 0, settings.pollIntervalMillis(), TimeUnit.MILLISECONDS);
        recordTask = executor.scheduleWithFixedDelay(this::recordOutcomes, 0, settings.pollIntervalMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(() -> "Dispatch started: up to " + settings.maxInFlight() + " deliveries in flight ("
                + merchantSettings.laneCap(false) + " per merchant, " + merchantSettings.laneCap(true)
                + " for a slow one), retries after " + settings.retrySchedule().delays() + ", timeouts "
                + settings.connectTimeout().toMillis() + " ms connect / " + settings.requestTimeout().toMillis()
                + " ms request");
    }

    /**
     * Stops claiming, hands the notifications waiting in lanes back to the pending list at once (other nodes, or this
     * one after a restart, deliver them without waiting for their leases), lets attempts in flight finish (bounded by
     * the attempt deadline) and records their outcomes.
     */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (!running) {
            return;
        }
        running = false;
        pollTask.cancel(false);
        handBackWaiting();
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
        int abandoned = inFlight.get() + waiting.get() + outcomes.size();
        LOG.info(() -> abandoned == 0 ? "Dispatch stopped; every attempt in flight was recorded"
                : "Dispatch stopped; " + abandoned + " claimed notification(s) not recorded: their leases expire and "
                + "another node, or this one after a restart, delivers them");
    }

    private void handBackWaiting() {
        List<Settlement> handedBack = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            for (DeliveryTask task : lane.drainWaiting()) {
                waiting.decrementAndGet();
                handedBack.add(Settlement.requeue(task.notificationId()));
            }
        }
        if (handedBack.isEmpty()) {
            return;
        }
        try {
            queue.settle(handedBack, token);
            handedBack.forEach(settlement -> busy.remove(settlement.id()));
            LOG.info(() -> handedBack.size() + " notification(s) waiting in lanes handed back to the pending list");
        } catch (RuntimeException e) {
            LOG.warning(() -> handedBack.size() + " notification(s) waiting in lanes could not be handed back ("
                    + e + "): their leases expire and they are delivered then");
        }
    }

    /** Ids this node has claimed and not yet settled. */
    public boolean isBusy(long id) {
        return busy.contains(id);
    }

    /** Whether this node delivers ({@code notify.dispatch.enabled}): then its two loops must keep coming round. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** When the poll loop last came round (epoch ms, 0 if never), whether or not it found work or Redis answered. */
    public long polledAtMillis() {
        return polledAtMillis;
    }

    /** When the record loop last came round (epoch ms, 0 if never). */
    public long recordedAtMillis() {
        return recordedAtMillis;
    }

    /** Attempts this node has in flight. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Claimed notifications waiting in merchants' lanes on this node. */
    public int waiting() {
        return waiting.get();
    }

    void poll() {
        polledAtMillis = clock.millis();
        if (!running || pollBackoff.waiting()) {
            return;
        }
        try {
            refreshPaused(clock.millis());
            while (running) {
                polledAtMillis = clock.millis();
                // Room counts attempts in flight only: notifications waiting in lanes are bounded on their own (see
                // admitToLane), so full lanes of hanging merchants never stop this node from claiming for the others.
                int room = settings.maxInFlight() - inFlight.get();
                if (room <= 0 || outcomes.size() >= settings.maxInFlight() * 4) {
                    return;
                }
                int want = Math.min(room, settings.claimBatchSize());
                long now = clock.millis();
                List<Long> ids = queue.claim(want, now + settings.leaseMillis(), token, settings.lockTtlMillis());
                busy.addAll(ids);
                int admitted = ids.isEmpty() ? 0 : dispatch(ids, now);
                pollBackoff.succeeded();
                if (ids.size() < want || admitted == 0) {
                    // Queue drained, or every claimed notification waits on a full lane: wait for the next tick.
                    return;
                }
            }
        } catch (RuntimeException e) {
            pollBackoff.failed(e);
        }
    }

    /** Dispatches claimed ids; returns how many were admitted (started, queued in a lane, deferred or finished). */
    private int dispatch(List<Long> ids, long nowMillis) {
        Map<Long, PendingRow> rows;
        Map<String, MerchantHealth> health;
        List<Settlement> notOurs = new ArrayList<>();
        Map<String, List<DeliveryTask>> byMerchant = new LinkedHashMap<>();
        try {
            rows = deliveryRows.load(ids).stream().collect(Collectors.toMap(PendingRow::id, Function.identity()));
            for (Long id : ids) {
                PendingRow row = rows.get(id);
                if (row == null || row.status() != NotificationStatus.PENDING) {
                    notOurs.add(Settlement.done(id));
                } else if (row.nextAttemptAt() != null && row.nextAttemptAt().toEpochMilli() > nowMillis + 1000) {
                    notOurs.add(Settlement.retryAt(id, row.nextAttemptAt().toEpochMilli()));
                } else {
                    byMerchant.computeIfAbsent(row.merchantKey(), k -> new ArrayList<>()).add(DeliveryTask.of(row));
                }
            }
            health = byMerchant.isEmpty() ? Map.of() : registry.read(byMerchant.keySet());
        } catch (RuntimeException e) {
            // Leases expire and the ids are claimed again once the database and Redis answer.
            busy.removeAll(ids);
            throw e;
        }
        for (Map.Entry<String, List<DeliveryTask>> merchant : byMerchant.entrySet()) {
            MerchantHealth merchantHealth = health.get(merchant.getKey());
            List<DeliveryTask> tasks = merchant.getValue();
            switch (registry.breaker().admit(merchantHealth, nowMillis)) {
                case DELIVER -> admitToLane(merchant.getKey(), merchantHealth, tasks, nowMillis, notOurs);
                case PROBE -> {
                    if (registry.tryStartProbe(merchantHealth, settings.lockTtlMillis())) {
                        LOG.info(() -> "merchant_key=" + merchant.getKey() + " breaker half-open: probing with order_no="
                                + tasks.get(0).orderNo());
                        Lane lane = lanes.computeIfAbsent(merchant.getKey(), k -> new Lane());
                        lane.takeSlot();
                        start(tasks.get(0).asProbe(), lane);
                        defer(tasks.subList(1, tasks.size()), nowMillis);
                    } else {
                        defer(tasks, nowMillis);
                    }
                }
                case DEFER -> defer(tasks, nowMillis);
                case PARK -> {
                    pausedHere.add(merchant.getKey());
                    tasks.forEach(task -> deferrals.add(Deferral.parked(task)));
                }
            }
        }
        if (!notOurs.isEmpty()) {
            queue.settle(notOurs, token);
            notOurs.forEach(settlement -> busy.remove(settlement.id()));
        }
        long bounced = notOurs.stream().filter(s -> s.retryAtMillis() == Settlement.REQUEUE).count();
        return ids.size() - (int) bounced;
    }

    private void admitToLane(String merchantKey, MerchantHealth health, List<DeliveryTask> tasks, long nowMillis,
                             List<Settlement> bounced) {
        Lane lane = lanes.computeIfAbsent(merchantKey, k -> new Lane());
        int cap = merchantSettings.laneCap(health.slow());
        // All lanes together hold at most max-in-flight waiting notifications (memory, and leases kept short).
        int queueLimit = waiting.get() >= settings.maxInFlight() ? 0 : cap * merchantSettings.laneQueue();
        // How long a slot takes: the merchant's mean answer time, or longer while its lane is stuck (a merchant that
        // has just started hanging has no slow samples yet, and its overflow must not bounce straight back).
        long slotMillis = Math.max(Math.max(health.meanResponseMillis(), lane.stalledMillis()), 1);
        int overflow = 0;
        for (DeliveryTask task : tasks) {
            Lane.Offer offer = lane.offer(task, cap, queueLimit);
            if (offer == Lane.Offer.FULL) {
                // The lane is full: back to Redis. A merchant that answers fast gets a slot again within moments: the
                // back of the pending list (others' notifications go first). Otherwise the retry queue, due about when
                // the lane should have a slot for it.
                overflow++;
                long wait = (queueLimit + overflow) * slotMillis / cap;
                bounced.add(wait <= REQUEUE_WITHIN_MILLIS
                        ? Settlement.requeue(task.notificationId())
                        : Settlement.retryAt(task.notificationId(), nowMillis + Math.min(MAX_BOUNCE_MILLIS, wait)));
            } else if (offer == Lane.Offer.START) {
                start(task, lane);
            } else {
                waiting.incrementAndGet();
            }
        }
    }

    private void defer(List<DeliveryTask> tasks, long nowMillis) {
        Instant until = Instant.ofEpochMilli(nowMillis + merchantSettings.deferDelay().toMillis());
        tasks.forEach(task -> deferrals.add(new Deferral(task, until)));
    }

    /** Starts an attempt that holds a slot in {@code lane}; when it completes, the lane's next waiting task starts. */
    private void start(DeliveryTask task, Lane lane) {
        inFlight.incrementAndGet();
        merchants.deliver(task).whenComplete((outcome, error) -> {
            outcomes.add(outcome != null ? outcome : new DeliveryOutcome(task, clock.instant(), 0, null, null,
                    FailureKind.NETWORK, "delivery failed: " + error, null));
            inFlight.decrementAndGet();
            DeliveryTask next = lane.release();
            if (next != null) {
                waiting.decrementAndGet();
                if (pausedHere.contains(next.merchantKey())) {
                    parkWaiting(next, lane);
                } else {
                    start(next, lane);
                }
            }
        });
    }

    /** The merchant was paused while its notifications waited here: park them instead of starting them. */
    private void parkWaiting(DeliveryTask next, Lane lane) {
        lane.giveBackSlot();
        List<DeliveryTask> rest = lane.drainWaiting();
        waiting.addAndGet(-rest.size());
        deferrals.add(Deferral.parked(next));
        rest.forEach(task -> deferrals.add(Deferral.parked(task)));
    }

    /**
     * Reads which merchants are paused, at most once a second (one round trip): what stops tasks already waiting in a
     * lane from starting after a pause. Claims go by the health read with each batch.
     */
    private void refreshPaused(long nowMillis) {
        if (nowMillis - pausedReadAtMillis < PAUSED_REFRESH_MILLIS) {
            return;
        }
        pausedReadAtMillis = nowMillis;
        Set<String> paused = registry.pausedKeys();
        pausedHere.retainAll(paused);
        pausedHere.addAll(paused);
    }

    void recordOutcomes() {
        recordedAtMillis = clock.millis();
        if (recordBackoff.waiting()) {
            return;
        }
        for (int round = 0; round < 20 && !(outcomes.isEmpty() && deferrals.isEmpty()); round++) {
            List<DeliveryOutcome> batch = drain(outcomes, settings.recordBatchSize());
            List<Deferral> deferred = drain(deferrals, settings.recordBatchSize() - batch.size());
            List<Settlement> settlements;
            try {
                settlements = recorder.record(batch, deferred);
                recordBackoff.succeeded();
            } catch (RuntimeException e) {
                putBack(outcomes, batch);
                putBack(deferrals, deferred);
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
                deferred.forEach(deferral -> busy.remove(deferral.task().notificationId()));
            }
            updateMerchantHealth(batch);
            if (!batch.isEmpty()) {
                recorded.fire(new OutcomesRecorded(batch));
            }
        }
    }

    private void updateMerchantHealth(List<DeliveryOutcome> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // A blocked attempt says nothing of the merchant's health (nothing was sent), but a half-open breaker's probe
        // must be answered, so a blocked probe counts as its failure.
        List<AttemptReport> reports = batch.stream()
                .filter(o -> o.failure() != FailureKind.BLOCKED || o.task().probe())
                .map(o -> new AttemptReport(o.task().merchantKey(), o.task().notifyUrl(), o.success(), o.task().probe(),
                        o.failure() == FailureKind.CONNECT ? -1 : o.durationMs()))
                .toList();
        try {
            registry.record(reports);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not update the health of merchants after {0} attempt(s): {1}",
                    new Object[] {reports.size(), e.toString()});
        }
    }

    private static <T> List<T> drain(ConcurrentLinkedDeque<T> deque, int max) {
        List<T> batch = new ArrayList<>(Math.max(0, max));
        T next;
        while (batch.size() < max && (next = deque.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private static <T> void putBack(ConcurrentLinkedDeque<T> deque, List<T> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            deque.addFirst(batch.get(i));
        }
    }
}
