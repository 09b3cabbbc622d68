package dev.merchantnotify.console;

import dev.merchantnotify.analysis.AnalysisCsv;
import dev.merchantnotify.analysis.AnalysisQuery;
import dev.merchantnotify.analysis.AnalysisReport;
import dev.merchantnotify.analysis.Dimension;
import dev.merchantnotify.analysis.Forecasts;
import dev.merchantnotify.analysis.Granularity;
import dev.merchantnotify.analysis.Measures;
import dev.merchantnotify.analysis.Ranking;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.Refusal;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/**
 * The analysis dashboard: a range of days in the operator's time zone (both ends included; today ends now), a
 * granularity, a dimension to break down by and filters; the measures in total and over time, the failure reasons,
 * the worst merchants (linking to their pages), the next 24 hours' forecast with its band, and the shown series as CSV.
 */
@Named
@ViewScoped
public class AnalysisBacking implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int GROUPS = 8;
    private static final int WORST = 10;
    private static final int MIN_ATTEMPTS = 20;
    private static final int MAX_VALUE_LENGTH = 64;
    private static final int RECENT_HOURS = 48;
    private static final String[] COLORS = {"#1e88e5", "#43a047", "#e53935", "#fb8c00", "#8e24aa", "#00897b",
            "#6d4c41", "#546e7a", "#c0ca33", "#d81b60"};

    @Inject
    OperatorQueries queries;

    @Inject
    Texts texts;

    @Inject
    Feedback feedback;

    @Inject
    Clock clock;

    @Inject
    OperatorZone operatorZone;

    private String zoneId;
    private LocalDate from;
    private LocalDate to;
    private String granularity = "";
    private String groupBy = "";
    private String merchant;
    private String channel;
    private String event;
    private String failureKind;
    private String rank = "success_rate";

    private AnalysisReport report;
    private Ranking worst;
    private Ranking reasons;
    private Forecasts.View forecast;
    private String forecastMissing;
    private final Map<String, Boolean> merchantKeys = new HashMap<>();

    @PostConstruct
    void lastWeek() {
        zoneId = operatorZone.getId();
        to = LocalDate.ofInstant(clock.instant(), zone());
        from = to.minusDays(6);
        show();
    }

    private ZoneId zone() {
        return ZoneId.of(zoneId);
    }

    /** One of the quick ranges: {@code day} (today), {@code week}, {@code month} (30 days), {@code year}. */
    public void quick(String range) {
        to = LocalDate.ofInstant(clock.instant(), zone());
        from = switch (range) {
            case "day" -> to;
            case "month" -> to.minusDays(29);
            case "year" -> to.minusYears(1).plusDays(1);
            default -> to.minusDays(6);
        };
        granularity = "";
        show();
    }

    public void show() {
        report = null;
        worst = null;
        reasons = null;
        forecast = null;
        forecastMissing = null;
        if (from == null || to == null || from.isAfter(to)) {
            feedback.error("stats.bad-range");
            return;
        }
        Map<Dimension, List<String>> filters = new EnumMap<>(Dimension.class);
        if (!filter(filters, Dimension.MERCHANT, merchant, "analysis.merchant")
                || !filter(filters, Dimension.CHANNEL, channel, "analysis.channel")
                || !filter(filters, Dimension.EVENT, event, "analysis.event")
                || !filter(filters, Dimension.FAILURE_KIND, failureKind, "analysis.failure-kind")) {
            return;
        }
        Instant now = clock.instant();
        Instant start = from.atStartOfDay(zone()).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone()).toInstant();
        if (end.isAfter(now)) {
            end = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        }
        Granularity chosen = granularity == null || granularity.isEmpty() ? null : Granularity.of(granularity);
        Dimension dimension = groupBy == null || groupBy.isEmpty() ? null : Dimension.of(groupBy);
        try {
            report = queries.analysis(new AnalysisQuery(start, end, chosen, zone(), dimension, filters, GROUPS));
            AnalysisQuery ranked = new AnalysisQuery(start, end, Granularity.HOUR, zone(), Dimension.MERCHANT,
                    filters, WORST);
            worst = queries.ranking(ranked, Ranking.By.of(rank) == null ? Ranking.By.SUCCESS_RATE
                    : Ranking.By.of(rank), MIN_ATTEMPTS);
            reasons = queries.ranking(ranked, Ranking.By.FAILURE_REASONS, 1);
        } catch (Refusal refusal) {
            report = null;
            feedback.refused(refusal);
            return;
        }
        String forecastOf = filters.containsKey(Dimension.MERCHANT) && filters.get(Dimension.MERCHANT).size() == 1
                ? filters.get(Dimension.MERCHANT).get(0) : null;
        try {
            forecast = queries.forecast(forecastOf, zone(), RECENT_HOURS);
        } catch (Refusal refusal) {
            forecastMissing = texts.refusal(refusal);
        }
    }

    /** Reads a filter (values separated by commas); false, with the error shown, when one is empty or too long. */
    private boolean filter(Map<Dimension, List<String>> filters, Dimension dimension, String text, String labelKey) {
        if (text == null || text.isBlank()) {
            return true;
        }
        List<String> values = Arrays.stream(text.split(",")).map(String::trim).toList();
        if (values.stream().anyMatch(value -> value.isEmpty() || value.length() > MAX_VALUE_LENGTH)) {
            feedback.error("analysis.bad-filter", texts.get(labelKey), MAX_VALUE_LENGTH);
            return false;
        }
        filters.put(dimension, values.stream().distinct().toList());
        return true;
    }

    // --- what the page shows

    public AnalysisReport getReport() {
        return report;
    }

    public Measures getTotal() {
        return report == null ? null : report.total().measures();
    }

    /** The granularity the answer has (chosen by the range when the operator left it to the console). */
    public String getShownGranularity() {
        return report == null ? "" : texts.get("analysis.granularity." + report.granularity());
    }

    /** When the answer's range starts and ends, for people. */
    public String getShownRange() {
        return report == null ? "" : operatorZone.time(report.from()) + " – " + operatorZone.time(report.to());
    }

    public List<Ranking.Row> getWorst() {
        return worst == null ? List.of() : worst.rows();
    }

    public List<Ranking.Reason> getReasons() {
        return reasons == null ? List.of() : reasons.reasons();
    }

    public Forecasts.View getForecast() {
        return forecast;
    }

    public String getForecastMissing() {
        return forecastMissing;
    }

    /** The forecast's subject: the platform, or the one merchant filtered on. */
    public String getForecastScope() {
        return forecast == null || forecast.merchant() == null ? texts.get("analysis.platform")
                : texts.get("analysis.merchant-scope", forecast.merchant());
    }

    /** Whether a merchant (or account) key is known as a merchant key, so its link goes to the merchant's page. */
    public boolean isMerchantKey(String key) {
        return key != null && merchantKeys.computeIfAbsent(key, known -> queries.merchant(known).isPresent());
    }

    /** A rate for display, {@code 97.50 %}, or the unknown mark. */
    public String percent(BigDecimal rate) {
        return rate == null ? texts.get("common.unknown") : rate.toPlainString() + " %";
    }

    /** A response time for display, {@code 120 ms}, or the unknown mark. */
    public String millis(Long millis) {
        return millis == null ? texts.get("common.unknown") : millis + " ms";
    }

    /** A failure reason for people: its kind in the operator's language, and the HTTP status when there is one. */
    public String reason(Ranking.Reason reason) {
        String kind = texts.has("kind." + reason.failureKind()) ? texts.get("kind." + reason.failureKind())
                : reason.failureKind();
        return reason.status() == 0 ? kind : kind + " (HTTP " + reason.status() + ")";
    }

    // --- charts (Chart.js configurations)

    private List<AnalysisReport.Series> shown() {
        if (report == null) {
            return List.of();
        }
        return report.groups().isEmpty() ? List.of(report.total()) : report.groups();
    }

    private String seriesLabel(AnalysisReport.Series series) {
        return series.key() == null ? texts.get("analysis.all") : series.key();
    }

    private List<String> bucketLabels() {
        if (report == null) {
            return List.of();
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(switch (report.granularity()) {
            case "minute", "hour" -> "MM-dd HH:mm";
            case "month" -> "yyyy-MM";
            default -> "yyyy-MM-dd";
        }, Locale.ROOT);
        return report.total().buckets().stream().map(bucket -> format.format(bucket.start())).toList();
    }

    private List<Number> values(AnalysisReport.Series series, Function<Measures, Number> measure) {
        List<Number> values = new ArrayList<>();
        for (AnalysisReport.Bucket bucket : series.buckets()) {
            values.add(measure.apply(bucket.measures()));
        }
        return values;
    }

    /** Attempts and notifications over time (per group: attempts). */
    public String getVolumeChart() {
        List<Charts.Series> lines = new ArrayList<>();
        if (report != null && report.groups().isEmpty()) {
            lines.add(new Charts.Series(texts.get("analysis.attempts"), COLORS[0], values(report.total(),
                    Measures::attempts)));
            lines.add(new Charts.Series(texts.get("analysis.notifications"), COLORS[1], values(report.total(),
                    Measures::notifications)));
        } else {
            perGroup(lines, Measures::attempts);
        }
        return Charts.chart("line", texts.get("analysis.chart.volume"), bucketLabels(), lines, false);
    }

    /** Success, first-attempt success, retry and error rates over time (per group: success rate). */
    public String getRatesChart() {
        List<Charts.Series> lines = new ArrayList<>();
        if (report != null && report.groups().isEmpty()) {
            lines.add(new Charts.Series(texts.get("analysis.success-rate"), COLORS[1], values(report.total(),
                    Measures::successRate)));
            lines.add(new Charts.Series(texts.get("analysis.first-attempt-success-rate"), COLORS[0],
                    values(report.total(), Measures::firstAttemptSuccessRate)));
            lines.add(new Charts.Series(texts.get("analysis.retry-rate"), COLORS[3], values(report.total(),
                    Measures::retryRate)));
            lines.add(new Charts.Series(texts.get("analysis.error-rate"), COLORS[2], values(report.total(),
                    Measures::errorRate)));
        } else {
            perGroup(lines, Measures::successRate);
        }
        return Charts.chart("line", texts.get(report != null && !report.groups().isEmpty()
                ? "analysis.chart.success-by-group" : "analysis.chart.rates"), bucketLabels(), lines, false);
    }

    /** Mean, p50, p95 and p99 response times over time (per group: p95). */
    public String getResponseChart() {
        List<Charts.Series> lines = new ArrayList<>();
        if (report != null && report.groups().isEmpty()) {
            lines.add(new Charts.Series(texts.get("analysis.mean"), COLORS[7], values(report.total(),
                    Measures::avgResponseMs)));
            lines.add(new Charts.Series("p50", COLORS[1], values(report.total(), Measures::p50Ms)));
            lines.add(new Charts.Series("p95", COLORS[3], values(report.total(), Measures::p95Ms)));
            lines.add(new Charts.Series("p99", COLORS[2], values(report.total(), Measures::p99Ms)));
        } else {
            perGroup(lines, Measures::p95Ms);
        }
        return Charts.chart("line", texts.get(report != null && !report.groups().isEmpty()
                ? "analysis.chart.p95-by-group" : "analysis.chart.response"), bucketLabels(), lines, false);
    }

    private void perGroup(List<Charts.Series> lines, Function<Measures, Number> measure) {
        List<AnalysisReport.Series> groups = shown();
        for (int i = 0; i < groups.size(); i++) {
            lines.add(new Charts.Series(seriesLabel(groups.get(i)), COLORS[i % COLORS.length],
                    values(groups.get(i), measure)));
        }
    }

    /** The failure reasons' share of the failed attempts. */
    public String getReasonsChart() {
        List<Ranking.Reason> shown = getReasons();
        return Charts.doughnut(texts.get("analysis.chart.reasons"), shown.stream().map(this::reason).toList(),
                shown.stream().map(Ranking.Reason::attempts).toList(), Arrays.asList(COLORS));
    }

    /** One forecast measure's chart: the recent hours, then the next 24 with the forecast and its band. */
    public String forecastChart(int index) {
        if (forecast == null || index >= forecast.measures().size()) {
            return Charts.chart("line", null, List.of(), List.of(), false);
        }
        Forecasts.Series series = forecast.measures().get(index);
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT);
        List<String> labels = new ArrayList<>();
        List<Number> actual = new ArrayList<>();
        List<Number> predicted = new ArrayList<>();
        List<Number> lower = new ArrayList<>();
        List<Number> upper = new ArrayList<>();
        for (Forecasts.Actual one : series.recent()) {
            labels.add(hour.format(one.start()));
            actual.add(one.value());
            predicted.add(null);
            lower.add(null);
            upper.add(null);
        }
        for (Forecasts.Predicted one : series.forecast()) {
            labels.add(hour.format(one.start()));
            actual.add(null);
            predicted.add(round(one.forecast()));
            lower.add(round(one.lower()));
            upper.add(round(one.upper()));
        }
        return Charts.band(texts.get("analysis.forecast." + series.measure()), labels,
                new Charts.Series(texts.get("analysis.actual"), COLORS[0], actual),
                new Charts.Series(texts.get("analysis.predicted"), COLORS[3], predicted), lower, upper,
                texts.get("analysis.band"));
    }

    private static Number round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    // --- CSV export

    /** The series shown (total and groups, every bucket, every measure), as CSV. */
    public StreamedContent getCsv() {
        if (report == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        AnalysisCsv.write(report, text);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        String name = "analysis-" + from + "-" + to + ".csv";
        return DefaultStreamedContent.builder().name(name).contentType("text/csv; charset=UTF-8")
                .contentLength((long) bytes.length).stream(() -> new ByteArrayInputStream(bytes)).build();
    }

    // --- the form

    public String getZoneId() {
        return zoneId;
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

    public String getGranularity() {
        return granularity;
    }

    public void setGranularity(String granularity) {
        this.granularity = granularity;
    }

    public String getGroupBy() {
        return groupBy;
    }

    public void setGroupBy(String groupBy) {
        this.groupBy = groupBy;
    }

    public String getMerchant() {
        return merchant;
    }

    public void setMerchant(String merchant) {
        this.merchant = merchant;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getEvent() {
        return event;
    }

    public void setEvent(String event) {
        this.event = event;
    }

    public String getFailureKind() {
        return failureKind;
    }

    public void setFailureKind(String failureKind) {
        this.failureKind = failureKind;
    }

    public String getRank() {
        return rank;
    }

    public void setRank(String rank) {
        this.rank = rank;
    }
}
