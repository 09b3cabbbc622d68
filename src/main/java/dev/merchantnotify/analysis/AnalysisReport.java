package dev.merchantnotify.analysis;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * The answer to an {@link AnalysisQuery}: the range it covers ({@code from}, {@code to}: the range asked for, or that
 * range widened to whole hours where per-minute rollups are no longer kept), the measures of all matching attempts
 * ({@code total}) and of each group, each over the whole range and per bucket (every bucket of the range, empty ones
 * included).
 */
@JsonbPropertyOrder({"from", "to", "granularity", "timeZone", "groupBy", "filters", "total", "groups"})
public record AnalysisReport(Instant from, Instant to, String granularity, String timeZone, String groupBy,
                             Map<String, List<String>> filters, Series total, List<Series> groups) {

    /** One series: its group's value ({@code key}, null for the total), its measures, and per bucket. */
    @JsonbPropertyOrder({"key", "measures", "buckets"})
    public record Series(String key, Measures measures, List<Bucket> buckets) {
    }

    /** One bucket: its start in the asked time zone, and its measures. */
    @JsonbPropertyOrder({"start", "measures"})
    public record Bucket(OffsetDateTime start, Measures measures) {
    }
}
