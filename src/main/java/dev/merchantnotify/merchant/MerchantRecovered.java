package dev.merchantnotify.merchant;

/**
 * A slow merchant's mean response time fell back to the threshold or below.
 * Fired once per change, on the node that saw it (CDI event).
 */
public record MerchantRecovered(String merchantKey, String notifyUrl, long meanResponseMillis)
        implements MerchantStatusChange {
}
