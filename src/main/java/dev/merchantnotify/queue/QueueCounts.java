package dev.merchantnotify.queue;

/** How many ids wait in the pending list, the retry queue (retries and breaker delays) and the in-flight set. */
public record QueueCounts(long pending, long retry, long inflight) {
}
