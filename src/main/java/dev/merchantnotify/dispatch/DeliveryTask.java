package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.PendingRow;
import java.time.Instant;

/**
 * One attempt to make: a snapshot of the notification as it was claimed, and where it goes. {@code version} is what
 * makes recording the outcome conditional: the outcome counts only if the row is still at that version. The current
 * attempt budget started at {@code budgetStart} (created, or retried by an operator) after {@code attemptBase}
 * attempts. {@code probe} marks the attempt that decides a half-open breaker. {@code route} is where a notification
 * routed by its merchant account stands in its route; null for one with only a notify URL. {@code broadcastId} is the
 * broadcast a copy belongs to (0 for any other notification). {@code merchantNo} is its merchant account's (null for a
 * notification with only a notify URL).
 */
public record DeliveryTask(long notificationId, String orderNo, String event, String payload, Target target,
                           int attemptsBefore, int attemptBase, Instant createdAt, Instant budgetStart, long version,
                           boolean probe, RouteStep route, long broadcastId, String merchantNo) {

    static DeliveryTask of(PendingRow row) {
        return of(row, Target.notifyUrl(row.merchantKey(), row.notifyUrl(), row.format()), null);
    }

    /** A routed notification's attempt at {@code target}. */
    static DeliveryTask of(PendingRow row, Target target, RouteStep route) {
        return new DeliveryTask(row.id(), row.orderNo(), row.event(), row.payload(), target, row.attempts(),
                row.attemptBase(), row.createdAt(), row.retriedAt() != null ? row.retriedAt() : row.createdAt(), row.version(), false,
                route, row.parentId(), row.merchantNo());
    }

    /** The same attempt, as the half-open breaker's probe. */
    DeliveryTask asProbe() {
        return new DeliveryTask(notificationId, orderNo, event, payload, target, attemptsBefore, attemptBase,
                createdAt, budgetStart, version, true, route, broadcastId, merchantNo);
    }

    /** What the channel is given. */
    Attempt attempt() {
        return new Attempt(notificationId, orderNo, event, payload, attemptNo(), createdAt, target);
    }

    /** The merchant the analysis counts it for: its account's merchant_no, else its merchant key. */
    public String merchant() {
        return merchantNo != null ? merchantNo : target.key();
    }

    /** The key its breaker, lane and health go by: its destination's. */
    public String merchantKey() {
        return target.key();
    }

    /** The number of this attempt, 1 for the first; it keeps counting across an operator's retries. */
    public int attemptNo() {
        return attemptsBefore + 1;
    }

    /** The number of this attempt within the current budget: what the retry schedule goes by. */
    int budgetAttemptNo() {
        return attemptNo() - attemptBase;
    }
}
