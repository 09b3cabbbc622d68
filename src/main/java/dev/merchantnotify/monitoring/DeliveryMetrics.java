package dev.merchantnotify.monitoring;

import dev.merchantnotify.dispatch.DeliveryOutcome;
import dev.merchantnotify.dispatch.Lanes;
import dev.merchantnotify.channel.Channels;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.dispatch.OutcomesRecorded;
import dev.merchantnotify.ingest.NotificationsAccepted;
import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.queue.QueueCounts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The application's metrics (MicroProfile Metrics, application scope, {@code /metrics?scope=application}). The README's
 * "Metrics" section lists them; an integration test fails when one is missing there.
 *
 * <p>Counters, timers and the rate gauges are this node's, updated in memory once per recorded batch and per ingest
 * request: no Redis or database round trip is added to a delivery. The queue and merchant gauges are the cluster's,
 * read at scrape time through {@link ClusterFigures} (at most one Redis and one database read a second).
 */
@ApplicationScoped
public class DeliveryMetrics {

    /** The {@code outcome} tag of a successful attempt; failures carry their kind ({@code timeout}, {@code connect}...). */
    static final String SUCCESS = "success";

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    ClusterFigures cluster;

    @Inject
    Lanes lanes;

    @Inject
    MonitoringSettings settings;

    @Inject
    Clock clock;

    @Inject
    Channels channels;

    private Counter ingested;
    private Counter duplicates;
    /** Per channel type: its successes, and its failures by kind. */
    private final Map<String, Counter> successes = new HashMap<>();
    private final Map<String, Map<FailureKind, Counter>> failures = new HashMap<>();
    private Timer responseTime;
    private Timer deliveryLatency;
    private AttemptWindow window;

    @PostConstruct
    void register() {
        window = new AttemptWindow(settings.windowSeconds());
        String span = "over the last " + settings.windowSeconds() + " s";

        ingested = registry.counter(metadata("notify.notifications.ingested",
                "Notifications accepted from producers and stored by this node (duplicates not counted)"));
        duplicates = registry.counter(metadata("notify.notifications.duplicates",
                "Notifications submitted again with an order_no and event already stored (answered, not stored)"));
        Metadata deliveries = metadata("notify.deliveries", "Attempts this node made to deliver a notification, by "
                + "channel (" + String.join(", ", channels.types()) + ") and outcome: success, or the failure's kind ("
                + Arrays.stream(FailureKind.values()).map(FailureKind::apiName).collect(Collectors.joining(", "))
                + ")");
        for (String channel : channels.types()) {
            Tag channelTag = new Tag("channel", channel);
            successes.put(channel, registry.counter(deliveries, channelTag, new Tag("outcome", SUCCESS)));
            Map<FailureKind, Counter> byKind = new EnumMap<>(FailureKind.class);
            for (FailureKind kind : FailureKind.values()) {
                byKind.put(kind, registry.counter(deliveries, channelTag, new Tag("outcome", kind.apiName())));
            }
            failures.put(channel, byKind);
        }
        responseTime = registry.timer(metadata("notify.merchant.response.time",
                "Time from sending a notification to the merchant's answer (or the broker's confirm); a timed-out attempt "
                        + "counts its timeout; "
                        + "attempts that never connected are not counted"));
        deliveryLatency = registry.timer(metadata("notify.delivery.latency",
                "Time from a notification's acceptance (or an operator's retry) to the merchant's successful answer"));

        registry.gauge(metadata("notify.success.rate", "Share (0 to 1) of this node's attempts " + span
                + " that succeeded; NaN when there were none"), this, m -> m.windowShare(AttemptWindow.Totals::successes));
        registry.gauge(metadata("notify.retry.rate", "Share (0 to 1) of this node's attempts " + span
                + " that were retries (attempt 2 or later); NaN when there were none"),
                this, m -> m.windowShare(AttemptWindow.Totals::retries));
        registry.gauge(metadata("notify.error.rate", "Share (0 to 1) of this node's attempts " + span
                + " without a usable answer (no connection, timeout, broken exchange, HTTP 5xx); NaN when there were none"),
                this, m -> m.windowShare(AttemptWindow.Totals::errors));

        registry.gauge(metadata("notify.queue.pending", "Notifications ready to deliver: ids in the Redis pending list "
                + "(all nodes)"), this, m -> m.queueCount(QueueCounts::pending));
        registry.gauge(metadata("notify.queue.retry", "Notifications waiting for a retry or a breaker's delay: ids in "
                + "the Redis retry queue (all nodes)"), this, m -> m.queueCount(QueueCounts::retry));
        registry.gauge(metadata("notify.queue.inflight", "Notifications claimed by a node and not yet settled: leases "
                + "in Redis (all nodes)"), this, m -> m.queueCount(QueueCounts::inflight));
        registry.gauge(metadata("notify.dispatch.inflight", "Attempts this node has in flight"), lanes,
                Lanes::inFlight);
        registry.gauge(metadata("notify.dispatch.waiting", "Claimed notifications waiting in merchants' lanes on this "
                + "node"), lanes, Lanes::waiting);
        Metadata merchantsByStatus = metadata("notify.merchants", "Merchants by status: normal, slow, circuit_breaker "
                + "(all nodes)");
        for (MerchantStatus status : MerchantStatus.values()) {
            registry.gauge(merchantsByStatus, this, m -> m.merchantCount(status), new Tag("status", status.apiName()));
        }
    }

    /** Creates the bean, and so registers the metrics, when the application starts. */
    void start(@Observes Startup startup) {
        // Registration happens in register(); this observer only makes it happen at start-up, not at the first event.
    }

    void onAccepted(@Observes NotificationsAccepted accepted) {
        ingested.inc(accepted.stored());
        duplicates.inc(accepted.duplicates());
    }

    void onRecorded(@Observes OutcomesRecorded recorded) {
        long attempts = 0;
        long succeeded = 0;
        long retries = 0;
        long errors = 0;
        for (DeliveryOutcome outcome : recorded.outcomes()) {
            attempts++;
            if (outcome.task().attemptNo() > 1) {
                retries++;
            }
            String channel = outcome.task().target().channel();
            if (outcome.success()) {
                succeeded++;
                successes.get(channel).inc();
                deliveryLatency.update(Duration.between(outcome.task().budgetStart(), outcome.finishedAt()));
            } else {
                failures.get(channel).get(outcome.failure()).inc();
            }
            if (outcome.unusableAnswer()) {
                errors++;
            }
            if (outcome.success() || outcome.httpStatus() != null || outcome.failure() == FailureKind.TIMEOUT
                    || outcome.failure() == FailureKind.UNROUTABLE || outcome.failure() == FailureKind.REJECTED) {
                responseTime.update(Duration.ofMillis(outcome.durationMs()));
            }
        }
        window.add(clock.instant().getEpochSecond(), new AttemptWindow.Totals(attempts, succeeded, retries, errors));
    }

    private double windowShare(ToLongFunction<AttemptWindow.Totals> part) {
        AttemptWindow.Totals totals = window.totals(clock.instant().getEpochSecond());
        return totals.share(part.applyAsLong(totals));
    }

    private double queueCount(ToLongFunction<QueueCounts> count) {
        QueueCounts counts = cluster.queue();
        return counts == null ? Double.NaN : count.applyAsLong(counts);
    }

    private double merchantCount(MerchantStatus status) {
        Map<MerchantStatus, Long> counts = cluster.merchants();
        return counts == null ? Double.NaN : counts.get(status);
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
