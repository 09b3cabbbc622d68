package dev.merchantnotify.analysis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Forecasts of the next hours for the platform or one merchant: notifications per hour, success rate and p95 response
 * time, each from its own {@link HoltWinters} model fitted to the last {@code notify.analysis.forecast-history-days}
 * of hourly rollups (from the first hour with attempts on; at least two days of it).
 */
@ApplicationScoped
public class Forecasts {

    /** How far ahead the forecast reaches. */
    public static final int HORIZON = 24;

    /** A measure that is forecast. */
    public enum Measure {
        NOTIFICATIONS, SUCCESS_RATE, P95_MS;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The measure's value of an hour; NaN where it has none (a rate without attempts). */
        double of(Measures hour) {
            return switch (this) {
                case NOTIFICATIONS -> hour.notifications();
                case SUCCESS_RATE -> hour.successRate() == null ? Double.NaN : hour.successRate().doubleValue();
                case P95_MS -> hour.p95Ms() == null ? Double.NaN : hour.p95Ms();
            };
        }

        /** A value it can take: no fewer than none, a rate within 0 to 100. */
        double clamp(double value) {
            double least = Math.max(0, value);
            return this == SUCCESS_RATE ? Math.min(100, least) : least;
        }
    }

    /** The hourly values of the three measures over a range, each hour's attempts, the first hour with any (-1: none). */
    record Hourly(Instant from, double[][] values, long[] attempts, int firstActive) {

        int hours() {
            return values[0].length;
        }
    }

    /** A forecast hour: its start, the expected value and its 95 % band. */
    @JsonbPropertyOrder({"start", "forecast", "lower", "upper"})
    public record Predicted(OffsetDateTime start, double forecast, double lower, double upper) {
    }

    /** A past hour and its value (null: none, a rate without attempts). */
    @JsonbPropertyOrder({"start", "value"})
    public record Actual(OffsetDateTime start, Double value) {
    }

    /** One measure: its recent actual hours and its forecast. */
    @JsonbPropertyOrder({"measure", "weekly", "sigma", "recent", "forecast"})
    public record Series(String measure, boolean weekly, double sigma, List<Actual> recent, List<Predicted> forecast) {
    }

    /** The forecast of a merchant (null: the platform) made at {@code from} (a whole hour) from the hours before. */
    @JsonbPropertyOrder({"merchant", "from", "historyHours", "timeZone", "measures"})
    public record View(String merchant, Instant from, int historyHours, String timeZone, List<Series> measures) {
    }

    @Inject
    Analysis analysis;

    @Inject
    AnalysisSettings settings;

    /**
     * The forecast of the {@link #HORIZON} hours from the last whole hour before {@code now}, with the last
     * {@code recentHours} actual hours; empty when the merchant (or the platform) has less than two days of history.
     */
    public Optional<View> forecast(String merchant, Instant now, ZoneId zone, int recentHours) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS);
        Hourly hourly = hourly(merchant, end.minus(settings.forecastHistory()), end, now);
        if (hourly.firstActive() < 0 || !HoltWinters.enough(hourly.hours() - hourly.firstActive())) {
            return Optional.empty();
        }
        List<Series> series = new ArrayList<>();
        int history = hourly.hours() - hourly.firstActive();
        for (Measure measure : Measure.values()) {
            double[] values = Arrays.copyOfRange(hourly.values()[measure.ordinal()], hourly.firstActive(),
                    hourly.hours());
            HoltWinters.Forecast forecast = HoltWinters.forecast(values, HORIZON);
            List<Predicted> predicted = new ArrayList<>();
            for (int h = 0; h < HORIZON; h++) {
                predicted.add(new Predicted(end.plus(h, ChronoUnit.HOURS).atZone(zone).toOffsetDateTime(),
                        measure.clamp(forecast.mean()[h]), measure.clamp(forecast.lower()[h]),
                        measure.clamp(forecast.upper()[h])));
            }
            List<Actual> recent = new ArrayList<>();
            for (int i = Math.max(0, values.length - recentHours); i < values.length; i++) {
                recent.add(new Actual(end.minus(values.length - i, ChronoUnit.HOURS).atZone(zone).toOffsetDateTime(),
                        Double.isNaN(values[i]) ? null : values[i]));
            }
            series.add(new Series(measure.apiName(), forecast.weekly(), forecast.sigma(), recent, predicted));
        }
        return Optional.of(new View(merchant, end, history, zone.getId(), series));
    }

    /** The hourly values of the measures over {@code [from, to)} (whole hours), for a merchant or the platform. */
    Hourly hourly(String merchant, Instant from, Instant to, Instant now) {
        Map<Dimension, List<String>> filters = merchant == null ? Map.of()
                : Map.of(Dimension.MERCHANT, List.of(merchant));
        AnalysisReport report = analysis.report(new AnalysisQuery(from, to, Granularity.HOUR, ZoneOffset.UTC, null,
                filters, 1), now);
        List<AnalysisReport.Bucket> buckets = report.total().buckets();
        double[][] values = new double[Measure.values().length][buckets.size()];
        long[] attempts = new long[buckets.size()];
        int firstActive = -1;
        for (int t = 0; t < buckets.size(); t++) {
            Measures hour = buckets.get(t).measures();
            attempts[t] = hour.attempts();
            if (firstActive < 0 && hour.attempts() > 0) {
                firstActive = t;
            }
            for (Measure measure : Measure.values()) {
                values[measure.ordinal()][t] = measure.of(hour);
            }
        }
        return new Hourly(report.from(), values, attempts, firstActive);
    }
}
