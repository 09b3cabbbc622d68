package dev.merchantnotify.dispatch;

import java.time.Instant;

/**
 * A claimed notification put off without an attempt. Because its destination's breaker is open (or, for a routed
 * notification, no member of its route can take it now): it waits until {@code until}, or fails as expired once it is
 * older than {@code notify.merchant.max-age-hours}. Because an operator paused its destination ({@code until} null):
 * it is parked, with no next attempt and no expiry, until the destination is resumed. Or because it cannot be routed
 * any more ({@code dropped}: its account or route was deleted or disabled): it fails with that reason.
 */
record Deferral(DeliveryTask task, Instant until, String dropped) {

    Deferral(DeliveryTask task, Instant until) {
        this(task, until, null);
    }

    static Deferral parked(DeliveryTask task) {
        return new Deferral(task, null, null);
    }

    static Deferral dropped(DeliveryTask task, String reason) {
        return new Deferral(task, null, reason);
    }

    boolean parking() {
        return until == null && dropped == null;
    }
}
