package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.LogCleanup;
import java.time.Instant;

/**
 * What {@code cleanup} deleted: notifications (finished ones) and log lines (attempts) from before {@code before};
 * on PostgreSQL also how many whole days of log lines were dropped as partitions (counted in {@code deletedLogs}).
 */
public record CleanupView(int days, Instant before, long deletedNotifications, long deletedLogs, int batches,
                          int droppedPartitions) {

    public static CleanupView of(int days, LogCleanup.Result result) {
        return new CleanupView(days, result.before(), result.notifications(), result.attempts(), result.batches(),
                result.partitionsDropped());
    }
}
