package dev.merchantnotify.queue;

/** How many ids wait in each Redis structure. */
public record QueueCounts(long pending, long retry, long inflight) {
}
