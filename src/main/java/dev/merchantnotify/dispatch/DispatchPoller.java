package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.BroadcastPart;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.PendingRow;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.queue.Settlement;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The node's dispatcher: starts and stops dispatch, and runs the poll loop on the managed scheduled executor. While
 * the node has room ({@code notify.dispatch.max-in-flight} attempts in flight), it claims a batch of ids
 * ({@link Claims}), loads their rows in one query and their destinations' health in one pipeline, and hands each
 * destination's notifications to the {@link Gate}. Rows no longer pending, or not due yet, go straight back to Redis.
 * The record loop ({@link RecordWorker}) runs beside it. Redis errors pause polling with a growing back-off, logged
 * once per outage.
 */
@ApplicationScoped
public class DispatchPoller {

    private static final Logger LOG = Logger.getLogger(DispatchPoller.class.getName());

    @Resource(lookup = "concurrent/dispatchExecutor")
    ManagedScheduledExecutorService executor;

    @Inject
    Claims claims;

    @Inject
    DeliveryRows deliveryRows;

    @Inject
    MerchantRegistry registry;

    @Inject
    Gate gate;

    @Inject
    RouteChooser chooser;

    @Inject
    Lanes lanes;

    @Inject
    RecordWorker records;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    private final Backoff backoff = new Backoff("Dispatch polling", LOG);
    private volatile boolean running;
    /** When the loop last came round (epoch ms; 0: never): what the health checks go by. */
    private volatile long polledAtMillis;
    private ScheduledFuture<?> pollTask;

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
        records.start(executor);
        LOG.info(() -> "Dispatch started: up to " + settings.maxInFlight() + " deliveries in flight ("
                + merchantSettings.laneCap(false) + " per merchant, " + merchantSettings.laneCap(true)
                + " for a slow one), retries after " + settings.retrySchedule().delays() + ", timeouts "
                + settings.connectTimeout().toMillis() + " ms connect / " + settings.requestTimeout().toMillis()
                + " ms request");
    }

    /**
     * Stops claiming, hands the notifications waiting in lanes back to the pending list at once, lets attempts in
     * flight finish (bounded by the attempt deadline) and records their outcomes.
     */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (!running) {
            return;
        }
        running = false;
        pollTask.cancel(false);
        lanes.handBackWaiting();
        long waitUntil = System.currentTimeMillis() + settings.attemptDeadline().toMillis() + 1000;
        while (lanes.inFlight() > 0 && System.currentTimeMillis() < waitUntil) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        records.stop();
        int abandoned = lanes.inFlight() + lanes.waiting() + records.unwritten();
        LOG.info(() -> abandoned == 0 ? "Dispatch stopped; every attempt in flight was recorded"
                : "Dispatch stopped; " + abandoned + " claimed notification(s) not recorded: their leases expire and "
                + "another node, or this one after a restart, delivers them");
    }

    /** Whether this node delivers ({@code notify.dispatch.enabled}): then its two loops must keep coming round. */
    public boolean enabled() {
        return settings.enabled();
    }

    /** When the poll loop last came round (epoch ms, 0 if never), whether or not it found work or Redis answered. */
    public long polledAtMillis() {
        return polledAtMillis;
    }

    void poll() {
        polledAtMillis = clock.millis();
        if (!running || backoff.waiting()) {
            return;
        }
        try {
            lanes.refreshPaused(clock.millis());
            while (running) {
                polledAtMillis = clock.millis();
                // Room counts attempts in flight only: notifications waiting in lanes are bounded on their own (see
                // Lanes.admit), so full lanes of hanging merchants never stop this node from claiming for the others.
                int room = settings.maxInFlight() - lanes.inFlight();
                if (room <= 0 || records.backlog() >= settings.maxInFlight() * 4) {
                    return;
                }
                int want = Math.min(room, settings.claimBatchSize());
                long now = clock.millis();
                List<Long> ids = claims.claim(want, now);
                int admitted = ids.isEmpty() ? 0 : dispatch(ids, now);
                backoff.succeeded();
                if (ids.size() < want || admitted == 0) {
                    // Queue drained, or every claimed notification waits on a full lane: wait for the next tick.
                    return;
                }
            }
        } catch (RuntimeException e) {
            backoff.failed(e);
        }
    }

    /** Dispatches claimed ids; returns how many were admitted (started, queued in a lane, deferred or finished). */
    private int dispatch(List<Long> ids, long nowMillis) {
        Map<String, MerchantHealth> health;
        List<Settlement> notOurs = new ArrayList<>();
        Map<String, List<DeliveryTask>> byDestination = new LinkedHashMap<>();
        List<PendingRow> routed = new ArrayList<>();
        List<RouteChooser.Choice> choices = List.of();
        try {
            Map<Long, PendingRow> rows = deliveryRows.load(ids).stream()
                    .collect(Collectors.toMap(PendingRow::id, Function.identity()));
            for (Long id : ids) {
                PendingRow row = rows.get(id);
                if (row == null || row.status() != NotificationStatus.PENDING || row.role() == BroadcastPart.BROADCAST) {
                    // Gone, settled, or a broadcast (sent as its copies, never itself): nothing to send.
                    notOurs.add(Settlement.done(id));
                } else if (row.nextAttemptAt() != null && row.nextAttemptAt().toEpochMilli() > nowMillis + 1000) {
                    notOurs.add(Settlement.retryAt(id, row.nextAttemptAt().toEpochMilli()));
                } else if (row.merchantNo() != null) {
                    routed.add(row);
                } else {
                    DeliveryTask task = DeliveryTask.of(row);
                    byDestination.computeIfAbsent(task.merchantKey(), k -> new ArrayList<>()).add(task);
                }
            }
            Set<String> keys = new HashSet<>(byDestination.keySet());
            if (!routed.isEmpty()) {
                keys.addAll(chooser.candidateKeys(routed));
            }
            health = keys.isEmpty() ? Map.of() : registry.read(keys);
            if (!routed.isEmpty()) {
                choices = chooser.choose(routed, health, nowMillis);
            }
        } catch (RuntimeException e) {
            // Leases expire and the ids are claimed again once the database and Redis answer.
            claims.abandon(ids);
            throw e;
        }
        gate.admit(byDestination, health, nowMillis, notOurs);
        if (!choices.isEmpty()) {
            gate.admitRouted(choices, health, nowMillis, notOurs);
        }
        claims.settle(notOurs);
        long bounced = notOurs.stream().filter(s -> s.retryAtMillis() == Settlement.REQUEUE).count();
        return ids.size() - (int) bounced;
    }
}
