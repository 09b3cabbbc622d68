package dev.merchantnotify.deliverylog;

/**
 * A validated notification to store as PENDING (see {@link DeliveryRows#insertPending}). A broadcast is stored as its
 * {@link BroadcastPart#BROADCAST} row followed at once by its copies ({@code branch} 1..n, each with its role and the
 * destination it is pinned to, or a null destination for the broadcast's own notify URL).
 */
public record NewNotification(String orderNo, String event, String notifyUrl, String merchantKey, DeliveryFormat format,
                              String payload, String merchantNo, BroadcastPart role, Long destinationId, int branch) {

    /** A notification that is not part of a broadcast. */
    public NewNotification(String orderNo, String event, String notifyUrl, String merchantKey, DeliveryFormat format,
                           String payload, String merchantNo) {
        this(orderNo, event, notifyUrl, merchantKey, format, payload, merchantNo, null, null, 0);
    }

    /** Whether it is a broadcast's copy (stored after its broadcast, and queued; the broadcast is not). */
    public boolean isCopy() {
        return branch > 0;
    }
}
