package dev.merchantnotify.merchant;

import java.time.Instant;

/**
 * A merchant's breaker opened, or opened again because its probe failed: its deliveries are deferred
 * until {@code openUntil}.
 * Fired once per change, on the node that saw it (CDI event).
 */
public record BreakerOpened(String merchantKey, String notifyUrl, int consecutiveFailures, Instant openUntil,
                            boolean afterFailedProbe) implements MerchantStatusChange {
}
