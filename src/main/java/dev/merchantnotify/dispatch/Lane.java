package dev.merchantnotify.dispatch;

import java.util.ArrayDeque;

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

    synchronized Offer offer(DeliveryTask task, int currentCap, int queueLimit) {
        cap = currentCap;
        if (inFlight < cap) {
            inFlight++;
            return Offer.START;
        }
        if (waiting.size() < queueLimit) {
            waiting.add(task);
            return Offer.QUEUED;
        }
        return Offer.FULL;
    }

    /** Takes a slot regardless of the cap: the breaker's probe. */
    synchronized void takeSlot() {
        inFlight++;
    }

    /** Frees a slot; returns the next waiting task, which has taken the slot, or null. */
    synchronized DeliveryTask release() {
        inFlight--;
        if (inFlight < cap && !waiting.isEmpty()) {
            inFlight++;
            return waiting.poll();
        }
        return null;
    }
}
