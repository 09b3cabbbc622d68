package dev.merchantnotify.merchant;

import java.util.Locale;

/** A merchant's circuit breaker. */
public enum BreakerState {
    /** Deliveries go through. */
    CLOSED,
    /** Too many consecutive failures: deliveries are deferred until the open period ends. */
    OPEN,
    /** The open period ended and one probe delivery is under way; the others wait for its outcome. */
    HALF_OPEN;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BreakerState fromApiName(String name) {
        return name == null ? CLOSED : valueOf(name.toUpperCase(Locale.ROOT));
    }
}
