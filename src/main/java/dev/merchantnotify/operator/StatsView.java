package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.DeliveryStats;
import dev.merchantnotify.deliverylog.Figures;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Delivery statistics as {@code stats} shows them: the range's totals and rates, and the same per UTC day. Rates are
 * percentages with 2 decimals, {@code avg_response_time} is in seconds with 3; each is null when there is nothing to
 * divide by.
 */
@JsonbPropertyOrder({"startTime", "endTime", "total", "success", "failed", "pending", "successRate", "avgResponseTime",
        "retryRate", "errorRate", "attempts", "failedAttempts", "days"})
public record StatsView(Instant startTime, Instant endTime, long total, long success, long failed, long pending,
                        BigDecimal successRate, BigDecimal avgResponseTime, BigDecimal retryRate, BigDecimal errorRate,
                        long attempts, long failedAttempts, List<Day> days) {

    /** One UTC day of the range. */
    @JsonbPropertyOrder({"date", "total", "success", "failed", "pending", "successRate", "avgResponseTime",
            "retryRate", "errorRate", "attempts", "failedAttempts"})
    public record Day(LocalDate date, long total, long success, long failed, long pending, BigDecimal successRate,
                      BigDecimal avgResponseTime, BigDecimal retryRate, BigDecimal errorRate, long attempts,
                      long failedAttempts) {

        public static Day of(Figures f) {
            return new Day(f.day(), f.notifications(), f.succeeded(), f.failed(), f.pending(), f.successRate(),
                    f.meanResponseSeconds(), f.retryRate(), f.errorRate(), f.attempts(), f.failedAttempts());
        }
    }

    public static StatsView of(DeliveryStats.Report report) {
        Figures t = report.total();
        return new StatsView(report.from(), report.to(), t.notifications(), t.succeeded(), t.failed(), t.pending(),
                t.successRate(), t.meanResponseSeconds(), t.retryRate(), t.errorRate(), t.attempts(),
                t.failedAttempts(), report.days().stream().map(Day::of).toList());
    }
}
