package dev.merchantnotify.analysis;

import dev.merchantnotify.alerting.Anomaly;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The analysis jobs' metrics (application scope, listed in the README's "Metrics"): this node's moves of deltas into
 * the rollups (how many, how long each transaction took, how many failed), how long ago this node last left no delta
 * behind, and the anomalies its hourly checks started and ended. Fed by the jobs' schedules, never by a delivery.
 */
@ApplicationScoped
public class AnalysisMetrics {

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    Clock clock;

    private Counter compacted;
    private Timer compaction;
    private Counter compactionFailures;
    private Counter anomaliesStarted;
    private Counter anomaliesEnded;
    private volatile Instant upToDate;

    @PostConstruct
    void register() {
        upToDate = clock.instant();
        compacted = registry.counter(metadata("notify.analysis.compacted",
                "Analysis delta rows this node moved into the rollups"));
        compaction = registry.timer(metadata("notify.analysis.compaction",
                "Time each move of a batch of analysis deltas into the rollups took (one transaction)"));
        compactionFailures = registry.counter(metadata("notify.analysis.compaction.failures",
                "Moves of analysis deltas into the rollups that failed and were rolled back (retried at the next run)"));
        registry.gauge(metadata("notify.analysis.rollups.age.seconds", "Seconds since this node's last run left no "
                + "analysis delta to move (since start-up before the first): grows while moving them fails"),
                this, m -> Duration.between(m.upToDate, m.clock.instant()).toMillis() / 1000.0);
        Metadata anomalies = metadata("notify.analysis.anomalies",
                "Anomaly alerts this node's hourly checks raised: an anomaly started, or ended (back within the band)");
        anomaliesStarted = registry.counter(anomalies, new Tag("state", "started"));
        anomaliesEnded = registry.counter(anomalies, new Tag("state", "ended"));
    }

    /** Creates the bean, and so registers the metrics, when the application starts. */
    void start(@Observes Startup startup) {
        // Registration happens in register(); this observer only makes it happen at start-up.
    }

    /** One move of {@code deltas} rows, {@code nanos} long; {@code drained} when it left none behind. */
    void compacted(int deltas, long nanos, boolean drained) {
        compacted.inc(deltas);
        compaction.update(Duration.ofNanos(nanos));
        if (drained) {
            upToDate = clock.instant();
        }
    }

    void compactionFailed() {
        compactionFailures.inc();
    }

    void anomalies(List<Anomaly> raised) {
        for (Anomaly anomaly : raised) {
            (anomaly.recovered() ? anomaliesEnded : anomaliesStarted).inc();
        }
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
