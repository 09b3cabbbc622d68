package dev.merchantnotify.analysis;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
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

    @PostConstruct
    void validate() {
        require(compactSeconds >= 1 && compactSeconds <= 300, "notify.analysis.compact-seconds", compactSeconds,
                "between 1 and 300");
        require(minuteRetentionDays >= 1 && minuteRetentionDays <= 90, "notify.analysis.minute-retention-days",
                minuteRetentionDays, "between 1 and 90");
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

    /** How long the per-minute rollups are kept (the per-hour ones are kept until an operator deletes them). */
    public Duration minuteRetention() {
        return Duration.ofDays(minuteRetentionDays);
    }
}
