package dev.merchantnotify.dispatch;

import java.util.ArrayDeque;

/**
 * One merchant's share of this node: at most {@code cap} deliveries in flight, and a bounded queue of claimed
 * notifications waiting for a slot. Waiting costs a queue entry, never a thread.
 */
final class Lane {

    private final ArrayDeque<DeliveryTask> waiting = new ArrayDeque<>();
    private int inFlight;
    private int cap;

    /** Admits a task: true if it may start now (a slot is taken), false if it was queued; null if the queue is full. */
    synchronized Boolean offer(DeliveryTask task, int currentCap, int queueLimit) {
        cap = currentCap;
        if (inFlight < cap) {
            inFlight++;
            return Boolean.TRUE;
        }
        if (waiting.size() < queueLimit) {
            waiting.add(task);
            return Boolean.FALSE;
        }
        return null;
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

    synchronized int waiting() {
        return waiting.size();
    }
}
