package dev.merchantnotify.console;

import dev.merchantnotify.admin.OperatorQueries;
import dev.merchantnotify.admin.StatsView;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Delivery statistics over a range of UTC days (both ends included): totals, rates and a per-day chart. */
@Named
@ViewScoped
public class StatsBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DAYS = 366;

    @Inject
    OperatorQueries queries;

    @Inject
    Texts texts;

    @Inject
    Feedback feedback;

    @Inject
    Clock clock;

    private LocalDate from;
    private LocalDate to;
    private StatsView stats;

    @PostConstruct
    void lastWeek() {
        to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        from = to.minusDays(6);
        show();
    }

    public void show() {
        if (from == null || to == null || from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            feedback.error("stats.bad-range", MAX_DAYS);
            return;
        }
        stats = queries.stats(from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Chart.js: notifications per day, delivered and failed. */
    public String getDaysChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder success = Json.createArrayBuilder();
        JsonArrayBuilder failed = Json.createArrayBuilder();
        JsonArrayBuilder pending = Json.createArrayBuilder();
        if (stats != null) {
            for (StatsView.Day day : stats.days()) {
                labels.add(day.date().toString());
                success.add(day.success());
                failed.add(day.failed());
                pending.add(day.pending());
            }
        }
        return Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", Json.createArrayBuilder()
                        .add(bar(texts.get("status.success"), success, "#43a047"))
                        .add(bar(texts.get("status.failed"), failed, "#e53935"))
                        .add(bar(texts.get("status.pending"), pending, "#90a4ae"))))
                .add("options", Json.createObjectBuilder().add("animation", false).add("maintainAspectRatio", false)
                        .add("scales", Json.createObjectBuilder()
                                .add("x", Json.createObjectBuilder().add("stacked", true))
                                .add("y", Json.createObjectBuilder().add("stacked", true))))
                .build().toString();
    }

    private static jakarta.json.JsonObjectBuilder bar(String label, JsonArrayBuilder data, String color) {
        return Json.createObjectBuilder().add("label", label).add("data", data).add("backgroundColor", color);
    }

    /** A rate for display: {@code 97.50 %}, or the unknown mark. */
    public String percent(BigDecimal rate) {
        return rate == null ? texts.get("common.unknown") : rate.toPlainString() + " %";
    }

    public StatsView getStats() {
        return stats;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }
}
