package dev.merchantnotify.merchant;

/**
 * A merchant's breaker closed, after a successful probe or by an operator's reset.
 * Fired once per change, on the node that saw it (CDI event).
 */
public record BreakerClosed(String merchantKey, String notifyUrl, boolean byOperator)
        implements MerchantStatusChange {
}
