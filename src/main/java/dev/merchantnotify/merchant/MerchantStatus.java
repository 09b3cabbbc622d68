package dev.merchantnotify.merchant;

import java.util.Locale;

/** What operators see of a merchant: a pause decides first, then its breaker, then its response times. */
public enum MerchantStatus {
    NORMAL,
    /** Mean of the recent response times above the slow threshold: fewer deliveries in flight at once. */
    SLOW,
    /** Breaker open or probing: deliveries deferred. */
    CIRCUIT_BREAKER,
    /** Paused by an operator: notifications are accepted and kept, none is sent (no attempt used) until resumed. */
    PAUSED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
