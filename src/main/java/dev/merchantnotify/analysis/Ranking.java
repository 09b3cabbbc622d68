package dev.merchantnotify.analysis;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A top-N answer over a range: the worst merchants (or destinations) by success rate or by p99 response time, among
 * those with at least {@code minAttempts} attempts, or the most common failure reasons.
 */
@JsonbPropertyOrder({"from", "to", "rank", "of", "minAttempts", "rows", "reasons"})
public record Ranking(Instant from, Instant to, String rank, String of, Integer minAttempts, List<Row> rows,
                      List<Reason> reasons) {

    /** What to rank. */
    public enum By {
        /** Lowest success rate first (ties: more attempts first). */
        SUCCESS_RATE,
        /** Highest p99 response time first. */
        P99,
        /** Failure kind and HTTP status by how many attempts failed so. */
        FAILURE_REASONS,
        /** Most attempts first. */
        BUSIEST;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static By of(String name) {
            for (By by : values()) {
                if (by.apiName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    return by;
                }
            }
            return null;
        }
    }

    /** A merchant (or destination) and its measures. */
    @JsonbPropertyOrder({"key", "measures"})
    public record Row(String key, Measures measures) {
    }

    /**
     * A failure reason: its kind and HTTP status (0: none), how many attempts failed so, their share of the failed
     * attempts and of all attempts (percent), and how many merchants had it.
     */
    @JsonbPropertyOrder({"failureKind", "status", "attempts", "shareOfFailures", "shareOfAttempts"})
    public record Reason(String failureKind, int status, long attempts, BigDecimal shareOfFailures,
                         BigDecimal shareOfAttempts) {
    }
}
