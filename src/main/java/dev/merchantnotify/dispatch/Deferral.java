package dev.merchantnotify.dispatch;

import java.time.Instant;

/**
 * A claimed notification put off without an attempt. Because its merchant's breaker is open: it waits until
 * {@code until}, or fails as expired once it is older than {@code notify.merchant.max-age-hours}. Or because an
 * operator paused its merchant ({@code until} null): it is parked, with no next attempt and no expiry, until the
 * merchant is resumed.
 */
record Deferral(DeliveryTask task, Instant until) {

    static Deferral parked(DeliveryTask task) {
        return new Deferral(task, null);
    }

    boolean parking() {
        return until == null;
    }
}
