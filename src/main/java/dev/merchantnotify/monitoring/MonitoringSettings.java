package dev.merchantnotify.monitoring;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code notify.monitoring.*} settings, checked when the bean is created. */
@ApplicationScoped
public class MonitoringSettings {

    @Inject
    @ConfigProperty(name = "notify.monitoring.window-seconds")
    int windowSeconds;

    @Inject
    @ConfigProperty(name = "notify.monitoring.probe-interval-seconds")
    int probeIntervalSeconds;

    @Inject
    @ConfigProperty(name = "notify.monitoring.stall-seconds")
    int stallSeconds;

    @PostConstruct
    void validate() {
        require(windowSeconds >= 10 && windowSeconds <= 3600, "notify.monitoring.window-seconds", windowSeconds,
                "between 10 and 3600");
        require(probeIntervalSeconds >= 1 && probeIntervalSeconds <= 60, "notify.monitoring.probe-interval-seconds",
                probeIntervalSeconds, "between 1 and 60");
        require(stallSeconds >= 10, "notify.monitoring.stall-seconds", stallSeconds, "at least 10");
    }

    private static void require(boolean valid, String key, int value, String rule) {
        if (!valid) {
            throw new IllegalStateException("Invalid setting " + key + "=" + value + ": it must be " + rule);
        }
    }

    /** The span of the rate gauges. */
    int windowSeconds() {
        return windowSeconds;
    }

    /** How often the database and Redis are checked. */
    Duration probeInterval() {
        return Duration.ofSeconds(probeIntervalSeconds);
    }

    /** A check older than this no longer counts: three intervals, and at least 5 s. */
    Duration probeValidity() {
        return Duration.ofSeconds(Math.max(5, 3L * probeIntervalSeconds));
    }

    /** A loop or timer that has not come round for this long is stalled. */
    Duration stall() {
        return Duration.ofSeconds(stallSeconds);
    }
}
