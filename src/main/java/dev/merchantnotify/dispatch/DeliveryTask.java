package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.deliverylog.PendingRow;
import java.time.Instant;

/**
 * One attempt to make: a snapshot of the notification as it was claimed. {@code attemptsBefore} is what makes recording
 * the outcome conditional: the outcome counts only if the row still shows that many attempts. {@code probe} marks the
 * attempt that decides a half-open breaker.
 */
public record DeliveryTask(long notificationId, String orderNo, String notifyUrl, String merchantKey,
                           DeliveryFormat format, String payload, int attemptsBefore, Instant createdAt, boolean probe) {

    static DeliveryTask of(PendingRow row) {
        return new DeliveryTask(row.id(), row.orderNo(), row.notifyUrl(), row.merchantKey(), row.format(),
                row.payload(), row.attempts(), row.createdAt(), false);
    }

    /** The same attempt, as the half-open breaker's probe. */
    DeliveryTask asProbe() {
        return new DeliveryTask(notificationId, orderNo, notifyUrl, merchantKey, format, payload, attemptsBefore,
                createdAt, true);
    }

    /** The number of this attempt, 1 for the first. */
    public int attemptNo() {
        return attemptsBefore + 1;
    }
}
