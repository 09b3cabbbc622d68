package dev.merchantnotify.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a failed notification is tried again.
 *
 * <p>After attempt {@code k} fails, the next one is due after {@code delays[k-1]}, give or take {@code jitter} (a
 * fraction: 0.1 spreads retries over ±10 % so that a recovered merchant is not hit by all its retries at once). When the
 * delays run out, the notification is FAILED. A merchant answering 429 or 503 with {@code Retry-After} is not tried
 * before it asked, up to {@code retryAfterMax}. A merchant answering 410 Gone is not tried again.
 *
 * @param delays        the delay before each retry; their count is the number of retries
 * @param jitter        0 (none) to 0.5
 * @param retryAfterMax the longest {@code Retry-After} honoured
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration retryAfterMax) {

    /** 15 s, 1 min, 5 min: three retries after the first attempt. */
    public static final String DEFAULT = "15s,1m,5m";
    /** The schedule Alipay documents for its asynchronous notifications. */
    public static final String ALIPAY = "4m,10m,10m,1h,2h,6h,15h";

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("jitter must be between 0 and 0.5");
        }
    }

    /** Attempts in all: the first plus one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * When to try again after attempt number {@code attempt} (1-based) failed, or empty if it was the last.
     *
     * @param httpStatus the merchant's status, or null if it gave none
     * @param retryAfter the merchant's {@code Retry-After}, or null
     * @param random     a number in [0, 1) that places the jitter
     */
    public Optional<Instant> nextAttempt(int attempt, Integer httpStatus, Duration retryAfter, Instant now,
                                         double random) {
        if (attempt >= maxAttempts() || httpStatus != null && httpStatus == 410) {
            return Optional.empty();
        }
        Duration delay = delays.get(attempt - 1);
        long millis = Math.round(delay.toMillis() * (1 + jitter * (2 * random - 1)));
        if (retryAfter != null && httpStatus != null && (httpStatus == 429 || httpStatus == 503)) {
            long asked = Math.min(retryAfter.toMillis(), retryAfterMax.toMillis());
            millis = Math.max(millis, asked);
        }
        return Optional.of(now.plusMillis(millis));
    }

    /**
     * Reads a schedule: a comma-separated list of durations ({@code 15s,1m,5m}; units ms, s, m, h, d), or the name of a
     * preset ({@code default}, {@code alipay}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static List<Duration> parseDelays(String text) {
        String spec = text == null ? "" : text.trim();
        if (spec.equalsIgnoreCase("default")) {
            spec = DEFAULT;
        } else if (spec.equalsIgnoreCase("alipay")) {
            spec = ALIPAY;
        }
        if (spec.isEmpty() || spec.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : spec.split(",")) {
            Duration delay = parseDuration(part);
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("every delay must be positive, not '" + part.trim() + "'");
            }
            delays.add(delay);
        }
        return delays;
    }

    /** Reads {@code 500ms}, {@code 15s}, {@code 1m}, {@code 2h} or {@code 1d}. */
    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < value.length() && Character.isDigit(value.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a duration such as 500ms, 15s, 1m, 2h or 1d");
        }
        long amount = Long.parseLong(value.substring(0, split));
        return switch (value.substring(split)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException(
                    "'" + text.trim() + "' is not a duration such as 500ms, 15s, 1m, 2h or 1d");
        };
    }
}
