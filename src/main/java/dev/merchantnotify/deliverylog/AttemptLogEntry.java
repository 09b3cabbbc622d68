package dev.merchantnotify.deliverylog;

import java.time.Instant;

/** One call to a merchant, with the notification it belonged to: a line of the delivery log. */
public record AttemptLogEntry(long id, long notificationId, String orderNo, String event, String notifyUrl,
                              String merchantKey, int attemptNo, Instant startedAt, long durationMs, Integer httpStatus,
                              boolean success, String errorKind, String errorMessage, String responseExcerpt) {
}
