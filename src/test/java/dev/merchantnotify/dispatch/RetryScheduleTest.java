package dev.merchantnotify.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final RetrySchedule schedule =
            new RetrySchedule(RetrySchedule.parseDelays("default"), 0, Duration.ofHours(1));

    @Test
    void defaultIsThreeRetriesAfter15sThen1mThen5m() {
        assertEquals(4, schedule.maxAttempts());
        assertEquals(Optional.of(NOW.plusSeconds(15)), schedule.nextAttempt(1, 500, null, NOW, 0.5));
        assertEquals(Optional.of(NOW.plusSeconds(60)), schedule.nextAttempt(2, 500, null, NOW, 0.5));
        assertEquals(Optional.of(NOW.plusSeconds(300)), schedule.nextAttempt(3, null, null, NOW, 0.5));
    }

    @Test
    void noRetryAfterTheLastAttempt() {
        assertEquals(Optional.empty(), schedule.nextAttempt(4, 500, null, NOW, 0.5));
    }

    @Test
    void goneIsNeverRetried() {
        assertEquals(Optional.empty(), schedule.nextAttempt(1, 410, null, NOW, 0.5));
    }

    @Test
    void retryAfterOn429And503IsHonouredUpToTheCap() {
        Duration tenMinutes = Duration.ofMinutes(10);
        assertEquals(Optional.of(NOW.plus(tenMinutes)), schedule.nextAttempt(1, 429, tenMinutes, NOW, 0.5));
        assertEquals(Optional.of(NOW.plus(tenMinutes)), schedule.nextAttempt(1, 503, tenMinutes, NOW, 0.5));
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(1))),
                schedule.nextAttempt(1, 503, Duration.ofHours(5), NOW, 0.5));
    }

    @Test
    void retryAfterShorterThanTheScheduleDoesNotHurry() {
        assertEquals(Optional.of(NOW.plusSeconds(15)), schedule.nextAttempt(1, 429, Duration.ofSeconds(2), NOW, 0.5));
    }

    @Test
    void retryAfterIsIgnoredOnOtherStatuses() {
        assertEquals(Optional.of(NOW.plusSeconds(15)), schedule.nextAttempt(1, 500, Duration.ofMinutes(10), NOW, 0.5));
    }

    @Test
    void jitterSpreadsWithinItsFraction() {
        RetrySchedule jittered = new RetrySchedule(List.of(Duration.ofSeconds(100)), 0.1, Duration.ofHours(1));
        assertEquals(Optional.of(NOW.plusSeconds(90)), jittered.nextAttempt(1, 500, null, NOW, 0.0));
        assertEquals(Optional.of(NOW.plusSeconds(100)), jittered.nextAttempt(1, 500, null, NOW, 0.5));
        Instant latest = jittered.nextAttempt(1, 500, null, NOW, 0.999_999).orElseThrow();
        assertTrue(latest.isBefore(NOW.plusSeconds(110).plusMillis(1)));
    }

    @Test
    void alipayPresetHasSevenRetries() {
        List<Duration> delays = RetrySchedule.parseDelays("alipay");
        assertEquals(7, delays.size());
        assertEquals(Duration.ofMinutes(4), delays.get(0));
        assertEquals(Duration.ofHours(15), delays.get(6));
    }

    @Test
    void parsesEveryUnit() {
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(3), Duration.ofHours(4),
                Duration.ofDays(1)), RetrySchedule.parseDelays(" 500ms, 2s,3m ,4h,1d"));
        assertEquals(List.of(), RetrySchedule.parseDelays("none"));
    }

    @Test
    void rejectsUnreadableDelaysNamingThePart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetrySchedule.parseDelays("15s,soon"));
        assertTrue(e.getMessage().contains("'soon'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parseDelays("15x"));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parseDelays("0s"));
    }
}
