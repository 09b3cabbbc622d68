package dev.merchantnotify.deliverylog;

/** Which notification a submission is, and where it stands: what ingest answers with. */
public record NotificationRef(long id, String orderNo, String event, String merchantKey, NotificationStatus status) {
}
