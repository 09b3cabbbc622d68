package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * A notification as dispatch reads it when it claims it: what to send, and where the row stands. {@code attemptBase}
 * and {@code retriedAt} come from an operator's retry (0 and null if there was none); {@code version} is what an
 * outcome's status change is conditional on.
 */
public record PendingRow(long id, String orderNo, String event, String notifyUrl, String merchantKey, DeliveryFormat format,
                         String payload, NotificationStatus status, int attempts, int attemptBase, Instant nextAttemptAt,
                         Instant createdAt, Instant retriedAt, long version, String merchantNo, int routeStep,
                         int stepFailures) {
}
