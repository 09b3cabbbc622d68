package dev.merchantnotify.merchant;

/**
 * A merchant's mean response time rose above the slow threshold: its lane narrows.
 * Fired once per change, on the node that saw it (CDI event).
 */
public record MerchantTurnedSlow(String merchantKey, String notifyUrl, long meanResponseMillis)
        implements MerchantStatusChange {
}
