package dev.merchantnotify.merchant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code notify.merchant.*} settings, read once and validated at start-up (a wrong value stops the application
 * with a sentence naming the key). Defaults and meanings are in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class MerchantSettings {

    @Inject
    @ConfigProperty(name = "notify.merchant.failure-threshold")
    int failureThreshold;

    @Inject
    @ConfigProperty(name = "notify.merchant.open-seconds")
    long openSeconds;

    @Inject
    @ConfigProperty(name = "notify.merchant.defer-seconds")
    long deferSeconds;

    @Inject
    @ConfigProperty(name = "notify.merchant.slow-threshold-ms")
    long slowThresholdMillis;

    @Inject
    @ConfigProperty(name = "notify.merchant.slow-min-samples")
    int slowMinSamples;

    @Inject
    @ConfigProperty(name = "notify.merchant.window-size")
    int windowSize;

    @Inject
    @ConfigProperty(name = "notify.merchant.lane-cap")
    int laneCap;

    @Inject
    @ConfigProperty(name = "notify.merchant.slow-lane-cap")
    int slowLaneCap;

    @Inject
    @ConfigProperty(name = "notify.merchant.lane-queue")
    int laneQueue;

    @Inject
    @ConfigProperty(name = "notify.merchant.max-age-hours")
    long maxAgeHours;

    @PostConstruct
    void validate() {
        require(failureThreshold >= 1 && failureThreshold <= 1000, "notify.merchant.failure-threshold", "between 1 and 1000");
        require(openSeconds >= 1, "notify.merchant.open-seconds", "at least 1");
        require(deferSeconds >= 1, "notify.merchant.defer-seconds", "at least 1");
        require(slowThresholdMillis >= 1, "notify.merchant.slow-threshold-ms", "at least 1");
        require(windowSize >= 1 && windowSize <= 10_000, "notify.merchant.window-size", "between 1 and 10000");
        require(slowMinSamples >= 1 && slowMinSamples <= windowSize, "notify.merchant.slow-min-samples",
                "between 1 and notify.merchant.window-size (" + windowSize + ")");
        require(laneCap >= 1, "notify.merchant.lane-cap", "at least 1");
        require(slowLaneCap >= 1 && slowLaneCap <= laneCap, "notify.merchant.slow-lane-cap",
                "between 1 and notify.merchant.lane-cap (" + laneCap + ")");
        require(laneQueue >= 0, "notify.merchant.lane-queue", "0 or more");
        require(maxAgeHours >= 1, "notify.merchant.max-age-hours", "at least 1");
    }

    private static void require(boolean valid, String key, String expectation) {
        if (!valid) {
            throw new IllegalStateException("Invalid setting " + key + ": it must be " + expectation);
        }
    }

    /** For tests and tools: settings from values. */
    public static MerchantSettings of(int failureThreshold, Duration open, Duration defer, long slowThresholdMillis,
                                      int slowMinSamples, int windowSize) {
        MerchantSettings settings = new MerchantSettings();
        settings.failureThreshold = failureThreshold;
        settings.openSeconds = open.toSeconds();
        settings.deferSeconds = defer.toSeconds();
        settings.slowThresholdMillis = slowThresholdMillis;
        settings.slowMinSamples = slowMinSamples;
        settings.windowSize = windowSize;
        settings.laneCap = 16;
        settings.slowLaneCap = 2;
        settings.laneQueue = 64;
        settings.maxAgeHours = 24;
        settings.validate();
        return settings;
    }

    public int failureThreshold() {
        return failureThreshold;
    }

    public Duration openPeriod() {
        return Duration.ofSeconds(openSeconds);
    }

    public Duration deferDelay() {
        return Duration.ofSeconds(deferSeconds);
    }

    public long slowThresholdMillis() {
        return slowThresholdMillis;
    }

    public int slowMinSamples() {
        return slowMinSamples;
    }

    public int windowSize() {
        return windowSize;
    }

    /** Deliveries in flight at once to one merchant on one node. */
    public int laneCap(boolean slow) {
        return slow ? slowLaneCap : laneCap;
    }

    /** Claimed notifications that may wait in a merchant's lane on a node, per in-flight slot. */
    public int laneQueue() {
        return laneQueue;
    }

    public Duration maxAge() {
        return Duration.ofHours(maxAgeHours);
    }
}
