package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.AttemptLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code notify.dispatch.*} settings, read once and validated at start-up: a wrong value stops the application
 * with a sentence that names the key. Defaults and meanings are in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class DispatchSettings {

    /** Time allowed beyond the timeouts before a lock expires by itself. */
    private static final long LOCK_GRACE_MILLIS = 5_000;

    @Inject
    @ConfigProperty(name = "notify.dispatch.enabled")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "notify.dispatch.max-in-flight")
    int maxInFlight;

    @Inject
    @ConfigProperty(name = "notify.dispatch.claim-batch-size")
    int claimBatchSize;

    @Inject
    @ConfigProperty(name = "notify.dispatch.poll-interval-ms")
    long pollIntervalMillis;

    @Inject
    @ConfigProperty(name = "notify.dispatch.connect-timeout-ms")
    long connectTimeoutMillis;

    @Inject
    @ConfigProperty(name = "notify.dispatch.request-timeout-ms")
    long requestTimeoutMillis;

    @Inject
    @ConfigProperty(name = "notify.dispatch.http-threads")
    int httpThreads;

    @Inject
    @ConfigProperty(name = "notify.dispatch.retry-delays")
    String retryDelays;

    @Inject
    @ConfigProperty(name = "notify.dispatch.retry-jitter")
    double retryJitter;

    @Inject
    @ConfigProperty(name = "notify.dispatch.retry-after-max")
    String retryAfterMax;

    @Inject
    @ConfigProperty(name = "notify.dispatch.lease-seconds")
    long leaseSeconds;

    @Inject
    @ConfigProperty(name = "notify.dispatch.record-batch-size")
    int recordBatchSize;

    @Inject
    @ConfigProperty(name = "notify.dispatch.sweep-grace-seconds")
    long sweepGraceSeconds;

    @Inject
    @ConfigProperty(name = "notify.dispatch.sweep-batch-size")
    int sweepBatchSize;

    @Inject
    @ConfigProperty(name = "notify.dispatch.sweep-list-scan-limit")
    int sweepListScanLimit;

    private RetrySchedule retrySchedule;

    /** Whether this node delivers ({@code false}: an ingest-only node). */
    public boolean enabled() {
        return enabled;
    }

    @PostConstruct
    void validate() {
        require(maxInFlight >= 1 && maxInFlight <= 100_000, "notify.dispatch.max-in-flight", "between 1 and 100000");
        require(claimBatchSize >= 1 && claimBatchSize <= 1000, "notify.dispatch.claim-batch-size", "between 1 and 1000");
        require(pollIntervalMillis >= 1 && pollIntervalMillis <= 10_000, "notify.dispatch.poll-interval-ms",
                "between 1 and 10000");
        require(connectTimeoutMillis >= 100, "notify.dispatch.connect-timeout-ms", "at least 100");
        require(requestTimeoutMillis >= 100, "notify.dispatch.request-timeout-ms", "at least 100");
        require(httpThreads >= 1 && httpThreads <= 256, "notify.dispatch.http-threads", "between 1 and 256");
        require(recordBatchSize >= 1 && recordBatchSize <= 5000, "notify.dispatch.record-batch-size",
                "between 1 and 5000");
        require(sweepGraceSeconds >= 1, "notify.dispatch.sweep-grace-seconds", "at least 1");
        require(sweepBatchSize >= 1 && sweepBatchSize <= 5000, "notify.dispatch.sweep-batch-size", "between 1 and 5000");
        require(sweepListScanLimit >= 0, "notify.dispatch.sweep-list-scan-limit", "0 or more");
        long deliveryMillis = connectTimeoutMillis + requestTimeoutMillis + LOCK_GRACE_MILLIS;
        require(leaseSeconds * 1000 > deliveryMillis, "notify.dispatch.lease-seconds",
                "longer than the connect and request timeouts together plus 5 s (" + deliveryMillis + " ms)");
        List<Duration> delays;
        Duration retryAfterCap;
        try {
            delays = RetrySchedule.parseDelays(retryDelays);
        } catch (IllegalArgumentException e) {
            throw invalid("notify.dispatch.retry-delays", e.getMessage());
        }
        try {
            retryAfterCap = RetrySchedule.parseDuration(retryAfterMax);
        } catch (IllegalArgumentException e) {
            throw invalid("notify.dispatch.retry-after-max", e.getMessage());
        }
        require(retryJitter >= 0 && retryJitter <= 0.5, "notify.dispatch.retry-jitter", "between 0 and 0.5");
        retrySchedule = new RetrySchedule(delays, retryJitter, retryAfterCap);
    }

    private static void require(boolean valid, String key, String expectation) {
        if (!valid) {
            throw invalid(key, "it must be " + expectation);
        }
    }

    private static IllegalStateException invalid(String key, String reason) {
        return new IllegalStateException("Invalid setting " + key + ": " + reason);
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public int claimBatchSize() {
        return claimBatchSize;
    }

    public long pollIntervalMillis() {
        return pollIntervalMillis;
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(connectTimeoutMillis);
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMillis);
    }

    /** What every channel keeps to: the attempt's timeouts, the node's in-flight cap, its I/O threads. */
    @Produces
    AttemptLimits attemptLimits() {
        return new AttemptLimits(connectTimeout(), requestTimeout(), maxInFlight, httpThreads);
    }

    /** The longest one attempt may take, connect included, before it is abandoned as a timeout. */
    public Duration attemptDeadline() {
        return Duration.ofMillis(connectTimeoutMillis + requestTimeoutMillis);
    }

    /** How long a per-notification lock lives if its holder never releases it. */
    public long lockTtlMillis() {
        return connectTimeoutMillis + requestTimeoutMillis + LOCK_GRACE_MILLIS;
    }

    public long leaseMillis() {
        return leaseSeconds * 1000;
    }

    public int recordBatchSize() {
        return recordBatchSize;
    }

    public Duration sweepGrace() {
        return Duration.ofSeconds(sweepGraceSeconds);
    }

    public int sweepBatchSize() {
        return sweepBatchSize;
    }

    public int sweepListScanLimit() {
        return sweepListScanLimit;
    }

    public RetrySchedule retrySchedule() {
        return retrySchedule;
    }
}
