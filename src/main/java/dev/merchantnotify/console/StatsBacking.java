package dev.merchantnotify.console;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.StatsView;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Delivery statistics over a range of UTC days (both ends included): totals, rates and a per-day chart. */
@Named
@ViewScoped
public class StatsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

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
        if (from == null || to == null || from.isAfter(to)) {
            feedback.error("stats.bad-range");
            return;
        }
        stats = queries.stats(from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Chart.js: notifications per day, delivered, failed and pending, stacked. */
    public String getDaysChart() {
        List<StatsView.Day> days = stats == null ? List.of() : stats.days();
        return Charts.chart("bar", null, days.stream().map(day -> day.date().toString()).toList(), List.of(
                series("status.success", "#43a047", days.stream().map(StatsView.Day::success).toList()),
                series("status.failed", "#e53935", days.stream().map(StatsView.Day::failed).toList()),
                series("status.pending", "#90a4ae", days.stream().map(StatsView.Day::pending).toList())), true);
    }

    private Charts.Series series(String labelKey, String color, List<Long> values) {
        return new Charts.Series(texts.get(labelKey), color, values);
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
