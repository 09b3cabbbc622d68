package dev.merchantnotify.merchant;

/**
 * A merchant's health as every node sees it (the Redis hash {@code merchant_notify_merchant:{key}}).
 *
 * @param consecutiveFailures failed attempts since the last success
 * @param openUntilMillis     end of the open period (epoch ms), 0 when never opened
 * @param probeUntilMillis    while half-open: when the probe's lease ends (a probe lost with its node is replaced then)
 * @param slow                whether the mean response time is above the slow threshold
 * @param meanResponseMillis  mean of the recent response times, 0 when none yet
 * @param paused              an operator paused the merchant: its notifications are kept, not sent, until resumed
 * @param version             bumped on every write: writes are compare-and-set on it
 */
public record MerchantHealth(String merchantKey, int consecutiveFailures, BreakerState breaker, long openUntilMillis,
                             long probeUntilMillis, boolean slow, long meanResponseMillis, boolean paused,
                             long version) {

    /** A merchant never seen by the registry. */
    public static MerchantHealth unknown(String merchantKey) {
        return new MerchantHealth(merchantKey, 0, BreakerState.CLOSED, 0, 0, false, 0, false, 0);
    }

    /** Paused first (an operator's decision), then the breaker, then the response times. */
    public MerchantStatus status() {
        if (paused) {
            return MerchantStatus.PAUSED;
        }
        if (breaker != BreakerState.CLOSED) {
            return MerchantStatus.CIRCUIT_BREAKER;
        }
        return slow ? MerchantStatus.SLOW : MerchantStatus.NORMAL;
    }

    MerchantHealth with(int failures, BreakerState state, long openUntil, long probeUntil) {
        return new MerchantHealth(merchantKey, failures, state, openUntil, probeUntil, slow, meanResponseMillis, paused,
                version);
    }

    MerchantHealth withResponseTimes(boolean isSlow, long meanMillis) {
        return new MerchantHealth(merchantKey, consecutiveFailures, breaker, openUntilMillis, probeUntilMillis, isSlow,
                meanMillis, paused, version);
    }

    MerchantHealth withPaused(boolean isPaused) {
        return new MerchantHealth(merchantKey, consecutiveFailures, breaker, openUntilMillis, probeUntilMillis, slow,
                meanResponseMillis, isPaused, version);
    }
}
