package dev.merchantnotify.merchant;

/**
 * The per-merchant breaker and slow rule, as pure functions of a {@link MerchantHealth} and the time.
 *
 * <ul>
 *   <li>Closed: every failure adds one to the consecutive failures, a success resets them; the failure that reaches
 *       the threshold opens the breaker for the open period.</li>
 *   <li>Open: deliveries are deferred. Outcomes of deliveries started before it opened change nothing.</li>
 *   <li>When the open period ends, exactly one delivery becomes the probe (half-open): its success closes the breaker
 *       and clears the failures; its failure opens it again for another period. A probe that never reports (its node
 *       died) is replaced once its lease ends.</li>
 *   <li>Paused by an operator: whatever the breaker's state, deliveries are parked (no attempt, no expiry) until the
 *       merchant is resumed.</li>
 *   <li>Slow: the mean of the recent response times is above the slow threshold, once there are enough samples.</li>
 * </ul>
 */
public final class Breaker {

    private final MerchantSettings settings;

    public Breaker(MerchantSettings settings) {
        this.settings = settings;
    }

    public Admission admit(MerchantHealth health, long nowMillis) {
        if (health.paused()) {
            return Admission.PARK;
        }
        return switch (health.breaker()) {
            case CLOSED -> Admission.DELIVER;
            case OPEN -> nowMillis >= health.openUntilMillis() ? Admission.PROBE : Admission.DEFER;
            case HALF_OPEN -> nowMillis >= health.probeUntilMillis() ? Admission.PROBE : Admission.DEFER;
        };
    }

    /** The health once this node holds the probe, whose lease lasts {@code probeLeaseMillis}. */
    public MerchantHealth startProbe(MerchantHealth health, long nowMillis, long probeLeaseMillis) {
        return health.with(health.consecutiveFailures(), BreakerState.HALF_OPEN, health.openUntilMillis(),
                nowMillis + probeLeaseMillis);
    }

    /** The health after one attempt's outcome. */
    public MerchantHealth afterAttempt(MerchantHealth health, boolean success, boolean probe, long nowMillis) {
        return switch (health.breaker()) {
            case CLOSED -> success
                    ? health.with(0, BreakerState.CLOSED, health.openUntilMillis(), 0)
                    : failedWhileClosed(health, nowMillis);
            case OPEN -> health;
            case HALF_OPEN -> !probe ? health : success
                    ? health.with(0, BreakerState.CLOSED, health.openUntilMillis(), 0)
                    : health.with(health.consecutiveFailures() + 1, BreakerState.OPEN,
                            nowMillis + settings.openPeriod().toMillis(), 0);
        };
    }

    private MerchantHealth failedWhileClosed(MerchantHealth health, long nowMillis) {
        int failures = health.consecutiveFailures() + 1;
        return failures >= settings.failureThreshold()
                ? health.with(failures, BreakerState.OPEN, nowMillis + settings.openPeriod().toMillis(), 0)
                : health.with(failures, BreakerState.CLOSED, health.openUntilMillis(), 0);
    }

    /** The health after an operator's reset: closed, no failures. */
    public MerchantHealth reset(MerchantHealth health) {
        return health.with(0, BreakerState.CLOSED, 0, 0);
    }

    /** The slow rule over a window of recent response times. */
    public boolean isSlow(long meanMillis, int samples) {
        return samples >= settings.slowMinSamples() && meanMillis > settings.slowThresholdMillis();
    }
}
