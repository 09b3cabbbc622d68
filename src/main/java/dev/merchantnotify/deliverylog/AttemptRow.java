package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * One attempt for the delivery log, as {@link DeliveryRows} inserts it.
 *
 * @param errorKind null for a success (see {@code dev.merchantnotify.channel.FailureKind})
 */
public record AttemptRow(long notificationId, int attemptNo, Instant startedAt, long durationMs, Integer httpStatus,
                         boolean success, String responseExcerpt, String errorKind, String errorMessage) {
}
