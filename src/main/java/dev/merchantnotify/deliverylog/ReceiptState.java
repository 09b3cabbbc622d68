package dev.merchantnotify.deliverylog;

import java.util.Locale;

/** Where a message a provider accepted stands: its receipt not come yet, or what the receipt said. */
public enum ReceiptState {
    /** Accepted; no receipt yet (one that never comes leaves it so, visibly). */
    AWAITING,
    /** The receipt says it reached the phone. */
    CONFIRMED,
    /** The receipt says it did not (failed, expired, rejected by the carrier), with the reason. */
    UNDELIVERED;

    /** The lower-case name stored and shown. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReceiptState fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
