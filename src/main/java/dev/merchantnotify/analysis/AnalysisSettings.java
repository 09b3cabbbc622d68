package dev.merchantnotify.analysis;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneId;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code notify.analysis.*} settings, checked when the bean is created. */
@ApplicationScoped
public class AnalysisSettings {

    @Inject
    @ConfigProperty(name = "notify.analysis.compact-seconds")
    int compactSeconds;

    @Inject
    @ConfigProperty(name = "notify.analysis.minute-retention-days")
    int minuteRetentionDays;

    @Inject
    @ConfigProperty(name = "notify.analysis.forecast-history-days")
    int forecastHistoryDays;

    @Inject
    @ConfigProperty(name = "notify.analysis.anomaly.hours")
    int anomalyHours;

    @Inject
    @ConfigProperty(name = "notify.analysis.anomaly.merchants")
    int anomalyMerchants;

    @Inject
    @ConfigProperty(name = "notify.analysis.day-zone")
    String dayZone;

    /** The checked {@link #dayZone} (set by {@link #validate}). */
    ZoneId dayZoneId;

    @PostConstruct
    void validate() {
        require(compactSeconds >= 1 && compactSeconds <= 300, "notify.analysis.compact-seconds", compactSeconds,
                "between 1 and 300");
        require(minuteRetentionDays >= 1 && minuteRetentionDays <= 90, "notify.analysis.minute-retention-days",
                minuteRetentionDays, "between 1 and 90");
        require(forecastHistoryDays >= 3 && forecastHistoryDays <= 90, "notify.analysis.forecast-history-days",
                forecastHistoryDays, "between 3 and 90");
        require(anomalyHours >= 1 && anomalyHours <= 24, "notify.analysis.anomaly.hours", anomalyHours,
                "between 1 and 24");
        require(anomalyMerchants >= 0 && anomalyMerchants <= 10_000, "notify.analysis.anomaly.merchants",
                anomalyMerchants, "between 0 and 10000");
        dayZoneId = DayRollups.zone(dayZone);
    }

    private static void require(boolean valid, String key, int value, String rule) {
        if (!valid) {
            throw new IllegalStateException("Invalid setting " + key + "=" + value + ": it must be " + rule);
        }
    }

    /** How often the recorded attempts' deltas are moved into the rollups. */
    Duration compactEvery() {
        return Duration.ofSeconds(compactSeconds);
    }

    /** How much history a forecast is fitted to. */
    Duration forecastHistory() {
        return Duration.ofDays(forecastHistoryDays);
    }

    /** For how many hours in a row a measure must be outside its band (or back inside) to raise an alert. */
    int anomalyHours() {
        return anomalyHours;
    }

    /** How many merchants, the busiest of the last day, are watched for anomalies besides the platform. */
    int anomalyMerchants() {
        return anomalyMerchants;
    }

    /** The zone whose days the per-day rollups keep. */
    ZoneId dayZone() {
        return dayZoneId;
    }

    /** How long the per-minute rollups are kept (the per-hour ones are kept until an operator deletes them). */
    public Duration minuteRetention() {
        return Duration.ofDays(minuteRetentionDays);
    }
}
