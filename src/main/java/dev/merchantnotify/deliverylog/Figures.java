package dev.merchantnotify.deliverylog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * Delivery figures for one UTC day, or for a whole range ({@code day} null). Notifications count by when they were
 * created, attempts by when they were made.
 *
 * @param notifications  notifications created
 * @param succeeded      of those, delivered
 * @param failed         of those, given up (attempts exhausted, 410 Gone, or expired)
 * @param pending        of those, still to be delivered
 * @param retried        of those, the ones that needed more than one attempt
 * @param attempts       calls made to merchants
 * @param failedAttempts of those, the ones that did not succeed
 * @param attemptMillis  the calls' durations, summed
 */
public record Figures(LocalDate day, long notifications, long succeeded, long failed, long pending, long retried,
                      long attempts, long failedAttempts, long attemptMillis) {

    static Figures empty(LocalDate day) {
        return new Figures(day, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    Figures plus(Figures other, LocalDate asDay) {
        return new Figures(asDay, notifications + other.notifications, succeeded + other.succeeded,
                failed + other.failed, pending + other.pending, retried + other.retried, attempts + other.attempts,
                failedAttempts + other.failedAttempts, attemptMillis + other.attemptMillis);
    }

    /** Delivered, in percent of the notifications created (pending ones count against it); null if none. */
    public BigDecimal successRate() {
        return percent(succeeded, notifications);
    }

    /** Needing more than one attempt, in percent of the notifications created; null if none. */
    public BigDecimal retryRate() {
        return percent(retried, notifications);
    }

    /** Failed calls, in percent of the calls made; null if none. */
    public BigDecimal errorRate() {
        return percent(failedAttempts, attempts);
    }

    /** The calls' mean duration in seconds, 3 decimals; null if none. */
    public BigDecimal meanResponseSeconds() {
        return attempts == 0 ? null
                : BigDecimal.valueOf(attemptMillis).divide(BigDecimal.valueOf(attempts * 1000L), 3, RoundingMode.HALF_UP);
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
