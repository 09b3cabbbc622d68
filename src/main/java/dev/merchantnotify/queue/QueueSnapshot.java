package dev.merchantnotify.queue;

import java.util.List;

/**
 * The queue at one moment: how many ids wait in each structure, and the first few of the pending list (next to be
 * claimed first) and of the retry queue (soonest due first).
 */
public record QueueSnapshot(long pendingCount, long retryCount, long inflightCount, List<Long> nextPending,
                            List<Scheduled> nextRetries) {

    /** An id in the retry queue and when it is due (epoch ms). */
    public record Scheduled(long id, long dueAtMillis) {
    }
}
