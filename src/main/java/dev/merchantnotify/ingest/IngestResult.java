package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.Notification;

/** What ingest did with one request: stored it, or found the notification it duplicates. */
public record IngestResult(Notification notification, boolean duplicate) {
}
