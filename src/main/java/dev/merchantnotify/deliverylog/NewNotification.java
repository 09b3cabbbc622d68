package dev.merchantnotify.deliverylog;

/** A validated notification to store as PENDING (see {@link DeliveryRows#insertPending}). */
public record NewNotification(String orderNo, String event, String notifyUrl, String merchantKey, DeliveryFormat format,
                              String payload, String merchantNo) {
}
