package dev.merchantnotify.merchant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BreakerTest {

    private static final Duration OPEN = Duration.ofMinutes(5);
    private final Breaker breaker = new Breaker(MerchantSettings.of(5, OPEN, Duration.ofSeconds(60), 3000, 5, 100));
    private Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private long now() {
        return clock.millis();
    }

    private void advance(Duration duration) {
        clock = Clock.offset(clock, duration);
    }

    private MerchantHealth fail(MerchantHealth health, int times) {
        for (int i = 0; i < times; i++) {
            health = breaker.afterAttempt(health, false, false, now());
        }
        return health;
    }

    @Test
    void opensBreakerAfterFiveConsecutiveFailures() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 4);
        assertEquals(BreakerState.CLOSED, health.breaker());
        assertEquals(4, health.consecutiveFailures());

        health = fail(health, 1);
        assertEquals(BreakerState.OPEN, health.breaker());
        assertEquals(now() + OPEN.toMillis(), health.openUntilMillis());
        assertEquals(MerchantStatus.CIRCUIT_BREAKER, health.status());
        assertEquals(Admission.DEFER, breaker.admit(health, now()));
    }

    @Test
    void aPausedMerchantIsParkedWhateverItsBreakerSaysAndShowsPaused() {
        MerchantHealth closed = MerchantHealth.unknown("m").withPaused(true);
        assertEquals(Admission.PARK, breaker.admit(closed, now()));
        assertEquals(MerchantStatus.PAUSED, closed.status());

        MerchantHealth open = fail(MerchantHealth.unknown("m"), 5).withPaused(true);
        advance(OPEN.plusSeconds(1));
        assertEquals(Admission.PARK, breaker.admit(open, now()), "no probe while paused");
        assertEquals(MerchantStatus.PAUSED, open.status());

        MerchantHealth resumed = open.withPaused(false);
        assertEquals(Admission.PROBE, breaker.admit(resumed, now()), "the breaker takes over again after resume");
        assertEquals(MerchantStatus.CIRCUIT_BREAKER, resumed.status());
    }

    @Test
    void aSuccessResetsTheCount() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 4);
        health = breaker.afterAttempt(health, true, false, now());
        health = fail(health, 4);
        assertEquals(BreakerState.CLOSED, health.breaker());
        assertEquals(4, health.consecutiveFailures());
    }

    @Test
    void outcomesOfDeliveriesStartedBeforeOpeningChangeNothing() {
        MerchantHealth open = fail(MerchantHealth.unknown("m"), 5);
        assertEquals(open, breaker.afterAttempt(open, true, false, now()));
        assertEquals(open, breaker.afterAttempt(open, false, false, now()));
    }

    @Test
    void oneProbeWhenTheOpenPeriodEndsAndItsSuccessCloses() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 5);
        advance(OPEN.minusSeconds(1));
        assertEquals(Admission.DEFER, breaker.admit(health, now()));
        advance(Duration.ofSeconds(1));
        assertEquals(Admission.PROBE, breaker.admit(health, now()));

        health = breaker.startProbe(health, now(), 10_000);
        assertEquals(BreakerState.HALF_OPEN, health.breaker());
        assertEquals(Admission.DEFER, breaker.admit(health, now()), "only one probe at a time");

        health = breaker.afterAttempt(health, true, true, now());
        assertEquals(BreakerState.CLOSED, health.breaker());
        assertEquals(0, health.consecutiveFailures());
        assertEquals(Admission.DELIVER, breaker.admit(health, now()));
    }

    @Test
    void aFailedProbeOpensAgainForAnotherPeriod() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 5);
        advance(OPEN);
        health = breaker.startProbe(health, now(), 10_000);
        advance(Duration.ofSeconds(3));
        health = breaker.afterAttempt(health, false, true, now());
        assertEquals(BreakerState.OPEN, health.breaker());
        assertEquals(now() + OPEN.toMillis(), health.openUntilMillis());
    }

    @Test
    void onlyTheProbeDecidesWhileHalfOpen() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 5);
        advance(OPEN);
        health = breaker.startProbe(health, now(), 10_000);
        assertEquals(health, breaker.afterAttempt(health, true, false, now()));
    }

    @Test
    void aLostProbeIsReplacedWhenItsLeaseEnds() {
        MerchantHealth health = fail(MerchantHealth.unknown("m"), 5);
        advance(OPEN);
        health = breaker.startProbe(health, now(), 10_000);
        advance(Duration.ofSeconds(9));
        assertEquals(Admission.DEFER, breaker.admit(health, now()));
        advance(Duration.ofSeconds(1));
        assertEquals(Admission.PROBE, breaker.admit(health, now()));
    }

    @Test
    void resetClosesAndClearsFailures() {
        MerchantHealth health = breaker.reset(fail(MerchantHealth.unknown("m"), 7));
        assertEquals(BreakerState.CLOSED, health.breaker());
        assertEquals(0, health.consecutiveFailures());
        assertEquals(Admission.DELIVER, breaker.admit(health, now()));
    }

    @Test
    void slowWhenTheMeanIsAboveTheThresholdWithEnoughSamples() {
        assertTrue(breaker.isSlow(3001, 5));
        assertFalse(breaker.isSlow(3000, 100), "the threshold itself is not slow");
        assertFalse(breaker.isSlow(9000, 4), "too few samples to judge");
        assertEquals(MerchantStatus.SLOW, MerchantHealth.unknown("m").withResponseTimes(true, 4000).status());
        assertEquals(MerchantStatus.CIRCUIT_BREAKER,
                fail(MerchantHealth.unknown("m"), 5).withResponseTimes(true, 4000).status(),
                "an open breaker shows before slowness");
    }
}
