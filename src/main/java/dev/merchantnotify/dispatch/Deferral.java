package dev.merchantnotify.dispatch;

import java.time.Instant;

/**
 * A claimed notification put off without an attempt because its merchant's breaker is open: it waits until
 * {@code until}, or fails as expired once it is older than {@code notify.merchant.max-age-hours}.
 */
record Deferral(DeliveryTask task, Instant until) {
}
