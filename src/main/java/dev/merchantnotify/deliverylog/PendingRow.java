package dev.merchantnotify.deliverylog;

import java.time.Instant;

/** A notification as dispatch reads it when it claims it: what to send, and where the row stands. */
public record PendingRow(long id, String orderNo, String notifyUrl, String merchantKey, DeliveryFormat format,
                         String payload, NotificationStatus status, int attempts, Instant nextAttemptAt,
                         Instant createdAt) {
}
