package dev.merchantnotify.analysis;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * An analysis question: attempts made in {@code [from, to)}, in buckets of {@code granularity} (null: chosen by the
 * span, see {@link Analysis#granularityFor}) in {@code zone},
 * broken down by {@code groupBy} (null: not broken down; else the busiest {@code limit} groups), counting only the
 * attempts whose dimensions match every filter (each dimension: one of its listed values).
 */
public record AnalysisQuery(Instant from, Instant to, Granularity granularity, ZoneId zone, Dimension groupBy,
                            Map<Dimension, List<String>> filters, int limit) {

    public AnalysisQuery {
        filters = Map.copyOf(filters);
    }

    /** The same question at {@code other} granularity. */
    public AnalysisQuery at(Granularity other) {
        return new AnalysisQuery(from, to, other, zone, groupBy, filters, limit);
    }

    /** Whether the question needs the rollups that keep merchant and destination. */
    boolean detailed() {
        return groupBy != null && groupBy.detailed() || filtersDetailed();
    }

    /** Whether its totals (not broken down) need them: whether it filters on merchant or destination. */
    boolean filtersDetailed() {
        return filters.keySet().stream().anyMatch(Dimension::detailed);
    }
}
