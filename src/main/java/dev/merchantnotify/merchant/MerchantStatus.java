package dev.merchantnotify.merchant;

import java.util.Locale;

/** What operators see of a merchant: its breaker decides first, then its response times. */
public enum MerchantStatus {
    NORMAL,
    /** Mean of the recent response times above the slow threshold: fewer deliveries in flight at once. */
    SLOW,
    /** Breaker open or probing: deliveries deferred. */
    CIRCUIT_BREAKER;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
