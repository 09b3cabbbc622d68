package dev.merchantnotify.deliverylog;

import java.time.Instant;

/** A notification without its payload: what lists show. */
public record NotificationSummary(long id, String orderNo, String event, String notifyUrl, String merchantKey,
                                  NotificationStatus status, int attempts, Instant nextAttemptAt, Instant createdAt,
                                  Instant retriedAt, String lastError) {

    public static NotificationSummary of(Notification n) {
        return new NotificationSummary(n.getId(), n.getOrderNo(), n.getEvent(), n.getNotifyUrl(), n.getMerchantKey(),
                n.getStatus(), n.getAttempts(), n.getNextAttemptAt(), n.getCreatedAt(), n.getRetriedAt(),
                n.getLastError());
    }
}
