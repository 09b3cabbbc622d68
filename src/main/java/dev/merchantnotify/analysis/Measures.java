package dev.merchantnotify.analysis;

import dev.merchantnotify.deliverylog.AttemptTally;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The analysis measures of a set of attempts. Rates are percentages with 2 decimals and response times ms; each is
 * null when there is nothing to divide by.
 *
 * @param attempts                calls made (deliveries tried, on every channel)
 * @param notifications           first attempts: the notifications (a broadcast's copies each count) tried at all
 * @param successes               attempts that succeeded
 * @param errors                  attempts that got no usable answer (no connection, a timeout, a broken exchange, no
 *                                socket, HTTP 5xx)
 * @param successRate             successes in percent of the attempts
 * @param firstAttemptSuccessRate first attempts that succeeded, in percent of the first attempts
 * @param retryRate               attempts that were retries (second or later), in percent of the attempts
 * @param errorRate               errors in percent of the attempts
 * @param avgResponseMs           the mean response time
 * @param p50Ms                   the median response time, read from the histogram (see {@link AttemptTally#quantile})
 * @param p95Ms                   the 95th percentile
 * @param p99Ms                   the 99th percentile
 * @param maxResponseMs           the longest response time
 */
@JsonbPropertyOrder({"attempts", "notifications", "successes", "errors", "successRate", "firstAttemptSuccessRate",
        "retryRate", "errorRate", "avgResponseMs", "p50Ms", "p95Ms", "p99Ms", "maxResponseMs"})
public record Measures(long attempts, long notifications, long successes, long errors, BigDecimal successRate,
                       BigDecimal firstAttemptSuccessRate, BigDecimal retryRate, BigDecimal errorRate,
                       Long avgResponseMs, @JsonbProperty("p50_ms") Long p50Ms, @JsonbProperty("p95_ms") Long p95Ms,
                       @JsonbProperty("p99_ms") Long p99Ms, Long maxResponseMs) {

    public static Measures of(AttemptTally tally) {
        long attempts = tally.attempts();
        return new Measures(attempts, tally.firsts(), tally.successes(), tally.errors(),
                percent(tally.successes(), attempts), percent(tally.firstSuccesses(), tally.firsts()),
                percent(attempts - tally.firsts(), attempts), percent(tally.errors(), attempts),
                attempts == 0 ? null : Math.round((double) tally.totalMillis() / attempts), tally.quantile(0.50),
                tally.quantile(0.95), tally.quantile(0.99), attempts == 0 ? null : tally.maxMillis());
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
}
