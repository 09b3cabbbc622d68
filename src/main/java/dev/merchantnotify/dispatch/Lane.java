package dev.merchantnotify.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One merchant's share of this node: at most {@code cap} deliveries in flight, and a bounded queue of claimed
 * notifications waiting for a slot. Waiting costs a queue entry, never a thread.
 */
final class Lane {

    /** What became of an offered task. */
    enum Offer {
        /** A slot was free and is now taken: start the task. */
        START,
        /** Queued: it starts when a slot frees. */
        QUEUED,
        /** Neither: the lane and its queue are full. */
        FULL
    }

    private final ArrayDeque<DeliveryTask> waiting = new ArrayDeque<>();
    private int inFlight;
    private int cap;
    /** When an attempt last finished, or the lane last went from idle to busy ({@link System#nanoTime()}). */
    private long lastProgressNanos = System.nanoTime();

    synchronized Offer offer(DeliveryTask task, int currentCap, int queueLimit) {
        cap = currentCap;
        if (inFlight < cap) {
            if (inFlight == 0) {
                lastProgressNanos = System.nanoTime();
            }
            inFlight++;
            return Offer.START;
        }
        if (waiting.size() < queueLimit) {
            waiting.add(task);
            return Offer.QUEUED;
        }
        return Offer.FULL;
    }

    /**
     * How long this busy lane has gone without an attempt finishing, in ms: a merchant whose answers take longer than
     * the health window knows yet (it has no samples, or they are old) shows here first.
     */
    synchronized long stalledMillis() {
        return inFlight == 0 ? 0 : (System.nanoTime() - lastProgressNanos) / 1_000_000;
    }

    /** Takes a slot regardless of the cap: the breaker's probe. */
    synchronized void takeSlot() {
        if (inFlight == 0) {
            lastProgressNanos = System.nanoTime();
        }
        inFlight++;
    }

    /** Empties the queue: the tasks that were waiting for a slot, which will not start here. */
    synchronized List<DeliveryTask> drainWaiting() {
        List<DeliveryTask> drained = new ArrayList<>(waiting);
        waiting.clear();
        return drained;
    }

    /** Frees a slot without starting anything in it (the task {@link #release} handed over will not start here). */
    synchronized void giveBackSlot() {
        inFlight--;
    }

    /** Frees a slot; returns the next waiting task, which has taken the slot, or null. */
    synchronized DeliveryTask release() {
        lastProgressNanos = System.nanoTime();
        inFlight--;
        if (inFlight < cap && !waiting.isEmpty()) {
            inFlight++;
            return waiting.poll();
        }
        return null;
    }
}
