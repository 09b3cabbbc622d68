package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.NotificationRef;

/** What ingest did with one request: stored it, or found the notification it duplicates. */
public record IngestResult(NotificationRef notification, boolean duplicate) {
}
