package dev.merchantnotify.alerting;

import java.time.Instant;
import java.util.List;

/**
 * An hourly measure that left its forecast's prediction band and stayed out ({@code recovered} false), or came back
 * and stayed in ({@code recovered} true), over the {@code hours} given (oldest first).
 *
 * @param merchant the merchant (merchant_no, or the merchant key of a notification with a notify_url only); null for
 *                 the whole platform
 * @param above    whether the actual values are above the band (else below); as it was when it started, for a
 *                 recovery
 */
public record Anomaly(Instant at, String merchant, Measure measure, boolean above, boolean recovered,
                      List<Hour> hours) {

    /** What was measured, per hour. */
    public enum Measure {
        /** Notifications tried (first attempts). */
        NOTIFICATIONS,
        /** Attempts that succeeded, in percent. */
        SUCCESS_RATE,
        /** The 95th percentile of the response times, in ms. */
        P95_RESPONSE_TIME
    }

    /** One hour: when it started, the actual value and the band the forecast gave it. */
    public record Hour(Instant start, double actual, double lower, double upper) {
    }

    public Anomaly {
        hours = List.copyOf(hours);
    }
}
