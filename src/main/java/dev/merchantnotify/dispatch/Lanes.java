package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.Channels;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * This node's lanes, one per destination ({@link Lane}): at most {@code notify.merchant.lane-cap} attempts in flight
 * to one destination, 2 for a slow one, plus a short queue; what does not fit goes back to Redis, so one destination's
 * backlog never stands in front of another's notification. Attempts start here, through {@link Channels}; when one
 * completes, its outcome goes to the {@link RecordWorker} and the lane's next waiting task takes the slot. No thread
 * waits for a destination.
 *
 * <p>A destination an operator paused has the tasks already waiting in its lane parked instead of started: the set of
 * paused destinations is read again at most once a second.
 */
@ApplicationScoped
public class Lanes {

    private static final Logger LOG = Logger.getLogger(Lanes.class.getName());
    /**
     * A notification that does not fit in its lane goes to the back of the pending list when the lane should have room
     * within this long, else it waits in the retry queue until then.
     */
    private static final long REQUEUE_WITHIN_MILLIS = 1_000;
    private static final long MAX_BOUNCE_MILLIS = 300_000;
    private static final long PAUSED_REFRESH_MILLIS = 1_000;

    @Inject
    Channels channels;

    @Inject
    RecordWorker records;

    @Inject
    Claims claims;

    @Inject
    MerchantRegistry registry;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    DispatchSettings settings;

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    /** The destinations paused, as this node last read it (see {@link #refreshPaused}). */
    private final Set<String> pausedHere = ConcurrentHashMap.newKeySet();
    private volatile long pausedReadAtMillis;

    /** Attempts this node has in flight. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Claimed notifications waiting in lanes on this node. */
    public int waiting() {
        return waiting.get();
    }

    /**
     * Offers a destination's tasks to its lane: each starts, waits for a slot, or (lane and queue full) is bounced
     * back to Redis through {@code bounced}: the back of the pending list if the lane should have room within a second,
     * else the retry queue, due about when it should.
     */
    void admit(String key, MerchantHealth health, List<DeliveryTask> tasks, long nowMillis, List<Settlement> bounced) {
        Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
        int cap = merchantSettings.laneCap(health.slow());
        // All lanes together hold at most max-in-flight waiting notifications (memory, and leases kept short).
        int queueLimit = waiting.get() >= settings.maxInFlight() ? 0 : cap * merchantSettings.laneQueue();
        // How long a slot takes: the destination's mean answer time, or longer while its lane is stuck (one that has
        // just started hanging has no slow samples yet, and its overflow must not bounce straight back).
        long slotMillis = Math.max(Math.max(health.meanResponseMillis(), lane.stalledMillis()), 1);
        int overflow = 0;
        for (DeliveryTask task : tasks) {
            Lane.Offer offer = lane.offer(task, cap, queueLimit);
            if (offer == Lane.Offer.FULL) {
                if (task.route() != null && task.route().pick() != null) {
                    task.route().pick().undo(); // picked again when it comes back: the split stays by weight
                }
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

    /** Starts the half-open breaker's probe, in a slot of its own beyond the cap. */
    void probe(DeliveryTask task) {
        Lane lane = lanes.computeIfAbsent(task.merchantKey(), k -> new Lane());
        lane.takeSlot();
        start(task.asProbe(), lane);
    }

    /** Notes a destination seen paused in a claim's health read, before the next refresh would. */
    void pausedSeen(String key) {
        pausedHere.add(key);
    }

    /** Starts an attempt that holds a slot in {@code lane}; when it completes, the lane's next waiting task starts. */
    private void start(DeliveryTask task, Lane lane) {
        inFlight.incrementAndGet();
        // Channels completes every attempt normally, with a success or a classified failure.
        channels.send(task.attempt()).thenAccept(result -> {
            records.add(new DeliveryOutcome(task, result));
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

    /** The destination was paused while its notifications waited here: park them instead of starting them. */
    private void parkWaiting(DeliveryTask next, Lane lane) {
        lane.giveBackSlot();
        List<DeliveryTask> rest = lane.drainWaiting();
        waiting.addAndGet(-rest.size());
        records.add(Deferral.parked(next));
        rest.forEach(task -> records.add(Deferral.parked(task)));
    }

    /**
     * Reads which destinations are paused, at most once a second (one round trip): what stops tasks already waiting in
     * a lane from starting after a pause. Claims go by the health read with each batch.
     */
    void refreshPaused(long nowMillis) {
        if (nowMillis - pausedReadAtMillis < PAUSED_REFRESH_MILLIS) {
            return;
        }
        pausedReadAtMillis = nowMillis;
        Set<String> paused = registry.pausedKeys();
        pausedHere.retainAll(paused);
        pausedHere.addAll(paused);
    }

    /**
     * Hands the notifications waiting in lanes back to the pending list at once (a stopping node: other nodes, or this
     * one after a restart, deliver them without waiting for their leases).
     */
    void handBackWaiting() {
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
            claims.settle(handedBack);
            LOG.info(() -> handedBack.size() + " notification(s) waiting in lanes handed back to the pending list");
        } catch (RuntimeException e) {
            LOG.warning(() -> handedBack.size() + " notification(s) waiting in lanes could not be handed back ("
                    + e + "): their leases expire and they are delivered then");
        }
    }
}
