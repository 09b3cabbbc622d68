package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * A change to a PENDING notification decided from the row as it was at {@code versionBefore}; it applies only if the
 * row still is so (see {@link DeliveryRows#write}). A {@code parking} change applies only if, besides, the merchant is
 * still paused in the database ({@code parkedAt}: the destination key it is parked at). A routed notification's change
 * carries its {@code route} progress (null for a notification with only a notify URL). A broadcast's copy names its
 * broadcast ({@code broadcastId}, else 0), whose status follows once the change applies.
 */
public record StatusChange(long notificationId, long versionBefore, NotificationStatus status, int attemptsAdded,
                           Instant nextAttemptAt, Instant deliveredAt, String lastError, String parkedAt,
                           RouteProgress route, long broadcastId) {

    public StatusChange(long notificationId, long versionBefore, NotificationStatus status, int attemptsAdded,
                        Instant nextAttemptAt, Instant deliveredAt, String lastError) {
        this(notificationId, versionBefore, status, attemptsAdded, nextAttemptAt, deliveredAt, lastError, null, null, 0);
    }

    /** The same change, to a copy of broadcast {@code id} (0: none). */
    public StatusChange ofCopyOf(long id) {
        return new StatusChange(notificationId, versionBefore, status, attemptsAdded, nextAttemptAt, deliveredAt,
                lastError, parkedAt, route, id);
    }

    /** Whether, once applied, it may change its broadcast's status (a copy that succeeded or failed for good). */
    public boolean settlesBroadcast() {
        return broadcastId != 0 && status != NotificationStatus.PENDING;
    }

    /** Whether it parks the notification (conditional on its destination still being paused). */
    public boolean parking() {
        return parkedAt != null;
    }

    /** The same change, for a routed notification that now stands at {@code progress}. */
    public StatusChange routed(RouteProgress progress) {
        return new StatusChange(notificationId, versionBefore, status, attemptsAdded, nextAttemptAt, deliveredAt,
                lastError, parkedAt, progress, broadcastId);
    }

    /** The merchant acknowledged it. */
    public static StatusChange delivered(long id, long versionBefore, Instant at) {
        return new StatusChange(id, versionBefore, NotificationStatus.SUCCESS, 1, null, at, null);
    }

    /** An attempt failed; the next one is due at {@code retryAt}. */
    public static StatusChange retrying(long id, long versionBefore, String error, Instant retryAt) {
        return new StatusChange(id, versionBefore, NotificationStatus.PENDING, 1, retryAt, null, error);
    }

    /** An attempt failed and none follows. */
    public static StatusChange failed(long id, long versionBefore, String error) {
        return new StatusChange(id, versionBefore, NotificationStatus.FAILED, 1, null, null, error);
    }

    /** Put off to {@code until} without an attempt (the merchant's breaker is open). */
    public static StatusChange deferred(long id, long versionBefore, Instant until, String reason) {
        return new StatusChange(id, versionBefore, NotificationStatus.PENDING, 0, until, null, reason);
    }

    /** Given up without a further attempt: too old to keep waiting. */
    public static StatusChange expired(long id, long versionBefore, String reason) {
        return new StatusChange(id, versionBefore, NotificationStatus.FAILED, 0, null, null, reason);
    }

    /**
     * Parked without an attempt while its merchant is paused: PENDING with no next attempt, so neither the sweeper nor
     * an expiry touches it; resuming the merchant gives it one again.
     */
    public static StatusChange parked(long id, long versionBefore, String merchantKey, String reason) {
        return new StatusChange(id, versionBefore, NotificationStatus.PENDING, 0, null, null, reason, merchantKey, null,
                0);
    }
}
