package dev.merchantnotify.console;

import dev.merchantnotify.alerting.Alert;
import dev.merchantnotify.alerting.AlertHistory;
import dev.merchantnotify.deliverylog.DeliveryStats;
import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.QueueCounts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * The dashboard: the queue's counts (Redis), the last hour's attempts per minute (one grouped query), merchants by
 * status and the latest alerts, read once per request; the page asks again every {@code notify.console.refresh-seconds}.
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
    NotifyQueue queue;

    @Inject
    Merchants merchants;

    @Inject
    DeliveryStats stats;

    @Inject
    AlertHistory alertHistory;

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
        try {
            queueCounts = queue.counts();
        } catch (RuntimeException e) {
            LOG.fine(() -> "Dashboard: the queue's counts are unavailable: " + e);
        }
        try {
            merchantCounts = merchants.countByStatus();
            minutes = stats.perMinute(readAt, MINUTES);
            alerts = alertHistory.page(null, 0, LATEST_ALERTS);
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
        return chart("bar", texts.get("dashboard.chart.throughput"), List.of(
                dataset(texts.get("dashboard.chart.attempts"), "#90a4ae", DeliveryStats.Minute::attempts),
                dataset(texts.get("dashboard.chart.successes"), "#43a047", DeliveryStats.Minute::successes)));
    }

    /** Chart.js: successful attempts per minute, in percent. */
    public String getSuccessChart() {
        return chart("line", texts.get("dashboard.chart.success-rate"), List.of(
                dataset(texts.get("dashboard.chart.success-rate"), "#1e88e5",
                        m -> m.attempts() == 0 ? Double.NaN : 100.0 * m.successes() / m.attempts())));
    }

    /** Chart.js: mean attempt duration per minute, in ms. */
    public String getResponseChart() {
        return chart("line", texts.get("dashboard.chart.response-time"), List.of(
                dataset(texts.get("dashboard.chart.response-time"), "#fb8c00",
                        m -> m.attempts() == 0 ? Double.NaN : m.meanMillis())));
    }

    private JsonArrayBuilder dataset(String label, String color, ToDoubleFunction<DeliveryStats.Minute> value) {
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (DeliveryStats.Minute minute : minutes) {
            double figure = value.applyAsDouble(minute);
            if (Double.isNaN(figure)) {
                data.addNull();
            } else {
                data.add(figure);
            }
        }
        return Json.createArrayBuilder().add(Json.createObjectBuilder().add("label", label).add("data", data)
                .add("borderColor", color).add("backgroundColor", color).add("spanGaps", true).add("pointRadius", 2));
    }

    private String chart(String type, String title, List<JsonArrayBuilder> datasets) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        minutes.forEach(minute -> labels.add(MINUTE.format(minute.start())));
        JsonArrayBuilder all = Json.createArrayBuilder();
        datasets.forEach(dataset -> all.add(dataset.build().get(0)));
        return Json.createObjectBuilder()
                .add("type", type)
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", all))
                .add("options", Json.createObjectBuilder()
                        .add("animation", false)
                        .add("maintainAspectRatio", false)
                        .add("plugins", Json.createObjectBuilder()
                                .add("title", Json.createObjectBuilder().add("display", true).add("text", title))))
                .build().toString();
    }
}
