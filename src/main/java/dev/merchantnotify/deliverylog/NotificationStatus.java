package dev.merchantnotify.deliverylog;

/** Where a notification stands. Only PENDING notifications are ever delivered. */
public enum NotificationStatus {
    /** Waiting for its first attempt or for a retry. */
    PENDING,
    /** The merchant acknowledged it. */
    SUCCESS,
    /** Attempts exhausted, or the merchant answered 410 Gone: visible, and retryable by an operator. */
    FAILED
}
