package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.alerting.Alert;
import dev.merchantnotify.deliverylog.DeliveryStats;
import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.queue.QueueCounts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The dashboard: the queue's counts and merchants by status (the figures the metrics show, {@link ClusterFigures}),
 * the last hour's attempts per minute (one grouped query) and the latest alerts, read once per request; the page asks again every {@code notify.console.refresh-seconds}.
 * A source that does not answer leaves its figures empty and says so, the rest still shows.
 */
@Named
@RequestScoped
public class DashboardBacking {

    private static final Logger LOG = Logger.getLogger(DashboardBacking.class.getName());
    private static final int MINUTES = 60;
    private static final int LATEST_ALERTS = 8;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Inject
    OperatorQueries queries;

    @Inject
    Texts texts;

    @Inject
    Clock clock;

    private QueueCounts queueCounts;
    private Map<MerchantStatus, Long> merchantCounts;
    private List<DeliveryStats.Minute> minutes = List.of();
    private List<Alert> alerts = List.of();
    private Instant readAt;

    @PostConstruct
    void read() {
        readAt = clock.instant();
        queueCounts = queries.queueCounts();
        merchantCounts = queries.merchantCounts();
        try {
            minutes = queries.perMinute(readAt, MINUTES);
            alerts = queries.alerts(null, 0, LATEST_ALERTS);
        } catch (RuntimeException e) {
            LOG.fine(() -> "Dashboard: the database's figures are unavailable: " + e);
        }
    }

    public boolean isRedisAnswering() {
        return queueCounts != null;
    }

    public boolean isDatabaseAnswering() {
        return merchantCounts != null;
    }

    public Long getPending() {
        return queueCounts == null ? null : queueCounts.pending();
    }

    public Long getDelayed() {
        return queueCounts == null ? null : queueCounts.retry();
    }

    public Long getInFlight() {
        return queueCounts == null ? null : queueCounts.inflight();
    }

    public Long merchants(String status) {
        return merchantCounts == null ? null : merchantCounts.get(MerchantStatus.valueOf(status.toUpperCase(Locale.ROOT)));
    }

    /** Attempts in the last hour. */
    public long getHourAttempts() {
        return minutes.stream().mapToLong(DeliveryStats.Minute::attempts).sum();
    }

    /** Successful attempts in the last hour, in percent with one decimal; null without attempts. */
    public String getHourSuccessRate() {
        long attempts = getHourAttempts();
        long successes = minutes.stream().mapToLong(DeliveryStats.Minute::successes).sum();
        return attempts == 0 ? null : String.format(Locale.ROOT, "%.1f", 100.0 * successes / attempts);
    }

    /** Mean attempt duration in the last hour (ms); null without attempts. */
    public Long getHourMeanMillis() {
        long attempts = getHourAttempts();
        return attempts == 0 ? null : minutes.stream().mapToLong(DeliveryStats.Minute::totalMillis).sum() / attempts;
    }

    public List<Alert> getAlerts() {
        return alerts;
    }

    public Instant getReadAt() {
        return readAt;
    }

    /** Chart.js: attempts per minute, and the successful ones. */
    public String getThroughputChart() {
        return chart("bar", "dashboard.chart.throughput", List.of(
                series("dashboard.chart.attempts", "#90a4ae", m -> (double) m.attempts()),
                series("dashboard.chart.successes", "#43a047", m -> (double) m.successes())));
    }

    /** Chart.js: successful attempts per minute, in percent. */
    public String getSuccessChart() {
        return chart("line", "dashboard.chart.success-rate", List.of(series("dashboard.chart.success-rate", "#1e88e5",
                m -> m.attempts() == 0 ? null : 100.0 * m.successes() / m.attempts())));
    }

    /** Chart.js: mean attempt duration per minute, in ms. */
    public String getResponseChart() {
        return chart("line", "dashboard.chart.response-time", List.of(series("dashboard.chart.response-time",
                "#fb8c00", m -> m.attempts() == 0 ? null : (double) m.meanMillis())));
    }

    /** One value per minute; null where the minute had no attempts. */
    private Charts.Series series(String labelKey, String color, Function<DeliveryStats.Minute, Double> value) {
        return new Charts.Series(texts.get(labelKey), color, minutes.stream().map(value).toList());
    }

    private String chart(String type, String titleKey, List<Charts.Series> series) {
        return Charts.chart(type, texts.get(titleKey), minutes.stream().map(m -> MINUTE.format(m.start())).toList(),
                series, false);
    }
}
