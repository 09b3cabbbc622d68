package dev.merchantnotify.ingest;

/**
 * A producer's request was taken (CDI event, fired after the transaction committed): {@code stored} new notifications,
 * and {@code duplicates} that repeated an (order_no, event) already stored.
 */
public record NotificationsAccepted(int stored, int duplicates) {
}
