package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * A notification as dispatch reads it when it claims it: what to send, and where the row stands. {@code attemptBase}
 * and {@code retriedAt} come from an operator's retry (0 and null if there was none); {@code version} is what an
 * outcome's status change is conditional on. A broadcast's copy has its broadcast's id as {@code parentId} (else 0), its
 * {@code role}, and the destination it is pinned to ({@code destinationId}, null for the broadcast's own notify URL).
 */
public record PendingRow(long id, String orderNo, String event, String notifyUrl, String merchantKey, DeliveryFormat format,
                         String payload, NotificationStatus status, int attempts, int attemptBase, Instant nextAttemptAt,
                         Instant createdAt, Instant retriedAt, long version, String merchantNo, int routeStep,
                         int stepFailures, long parentId, BroadcastPart role, Long destinationId) {

    /** Whether it is a broadcast's copy. */
    public boolean isCopy() {
        return parentId != 0;
    }
}
