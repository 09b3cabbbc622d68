package dev.merchantnotify.analysis;

import dev.merchantnotify.deliverylog.AttemptTally;
import dev.merchantnotify.deliverylog.DeliveryLogException;
import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Answers analysis questions from the rollups (never the raw log): the range's whole hours from the per-hour rollups
 * (the platform ones when neither merchant nor destination is asked about), its partial hours at either end from the
 * per-minute ones while they are kept (else the range is widened to whole hours), and the deltas not yet moved, all
 * in one statement, so a compaction running meanwhile neither doubles nor drops an attempt. The whole days of a range
 * come from the per-day rollups instead (see {@link DayRollups}: days of {@code notify.analysis.day-zone}) where those
 * keep what is asked: for a total over the whole range (the rankings, which groups a breakdown shows) always, for
 * buckets of days, weeks or months when the asked zone has the same days. Buckets in the asked time zone are made
 * here from the rows' UTC minutes, hours and day starts (in a zone whose offset is not whole hours, an hour row counts
 * in the bucket its start falls in).
 */
@ApplicationScoped
public class Analysis {

    /** The most buckets one answer has. */
    public static final int MAX_BUCKETS = 10_000;
    /** The most groups one answer breaks down into. */
    public static final int MAX_GROUPS = 100;
    /** The granularities whose buckets are made of whole days. */
    private static final Set<Granularity> DAYS = EnumSet.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH);

    /** Where analysis reads: the read replica when PG_READ_HOST names one, else the primary (see the data sources). */
    @Resource(lookup = "jdbc/merchantNotifyRead")
    DataSource readSource;

    @Inject
    AnalysisSettings settings;

    /** One rollup table's share of a range. */
    private record Part(Rollups source, Instant from, Instant to) {
    }

    /**
     * The parts a range is read from, the range they cover, and the zone whose days the per-day rollups keep (null:
     * none recorded, they are not read).
     */
    private record Plan(Instant from, Instant to, List<Part> parts, ZoneId days) {
    }

    /**
     * Whether the read database holds everything the primary had committed at this call, waiting up to {@code wait}
     * for it: a standby's replay position ({@code pg_last_wal_replay_lsn}) must reach the primary's flushed WAL
     * position, read through {@code primary}. At once true when reads go to the primary itself or on H2.
     */
    public boolean readsCaughtUp(Connection primary, java.time.Duration wait) throws SQLException {
        if (!"PostgreSQL".equals(primary.getMetaData().getDatabaseProductName())) {
            return true;
        }
        String position;
        try (PreparedStatement current = primary.prepareStatement("SELECT pg_current_wal_flush_lsn()::text");
             ResultSet result = current.executeQuery()) {
            result.next();
            position = result.getString(1);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try (Connection reader = readSource.getConnection();
             PreparedStatement replayed = reader.prepareStatement(
                     "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            replayed.setString(1, position);
            while (true) {
                try (ResultSet result = replayed.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** The earliest instant the per-minute rollups still cover at {@code now} (an hour's margin for the pruning). */
    public Instant minutesSince(Instant now) {
        return now.minus(settings.minuteRetention()).plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    }

    /**
     * The granularity for a range when none is asked for: minutes up to 6 hours (when still kept), hours up to 8 days,
     * days up to 400 days, weeks up to 5 years, else months.
     */
    public Granularity granularityFor(Instant from, Instant to, Instant now) {
        long hours = java.time.Duration.between(from, to).toHours();
        if (hours <= 6 && !from.isBefore(minutesSince(now))) {
            return Granularity.MINUTE;
        }
        return hours <= 8 * 24 ? Granularity.HOUR : hours <= 400 * 24 ? Granularity.DAY
                : hours <= 5 * 366 * 24 ? Granularity.WEEK : Granularity.MONTH;
    }

    /** How many buckets of {@code granularity} in {@code zone} the range {@code [from, to)} has. */
    public static long bucketCount(Instant from, Instant to, Granularity granularity, java.time.ZoneId zone) {
        if (granularity == Granularity.MINUTE || granularity == Granularity.HOUR) {
            long unit = granularity == Granularity.MINUTE ? 60 : 3600;
            return (to.getEpochSecond() - from.getEpochSecond() + unit - 1) / unit + 1;
        }
        long count = 0;
        ZonedDateTime end = to.atZone(zone);
        for (ZonedDateTime start = granularity.floor(from.atZone(zone)); start.isBefore(end) && count <= MAX_BUCKETS;
             start = granularity.next(start)) {
            count++;
        }
        return count;
    }

    /** The answer to {@code query} at {@code now}; the caller has checked it (see {@link #minutesSince}, {@link #MAX_BUCKETS}). */
    public AnalysisReport report(AnalysisQuery query, Instant now) {
        boolean minutes = query.granularity() == Granularity.MINUTE;
        return read((connection, days) -> {
            Plan plan = plan(query.from(), query.to(), minutes, query.detailed(), days, now);
            // The total reads the platform rows unless a filter needs merchants or destinations (same range either way).
            Plan totals = plan(query.from(), query.to(), minutes, query.filtersDetailed(), days, now);
            Map<Instant, AttemptTally> all = new HashMap<>();
            select(connection, totals, query, null, null, row -> all.merge(row.bucket, row.tally, AttemptTally::add));
            List<AnalysisReport.Series> groups = new ArrayList<>();
            if (query.groupBy() != null) {
                List<String> keys = busiest(connection, plan, query);
                Map<String, Map<Instant, AttemptTally>> byGroup = new LinkedHashMap<>();
                keys.forEach(key -> byGroup.put(key, new HashMap<>()));
                if (!keys.isEmpty()) {
                    select(connection, plan, query, query.groupBy(), keys, row -> byGroup.get(row.group)
                            .merge(row.bucket, row.tally, AttemptTally::add));
                }
                byGroup.forEach((key, rows) -> groups.add(series(key, rows, plan, query)));
            }
            Map<String, List<String>> filters = new TreeMap<>();
            query.filters().forEach((dimension, values) -> filters.put(dimension.apiName(), values));
            return new AnalysisReport(plan.from(), plan.to(), query.granularity().apiName(), query.zone().getId(),
                    query.groupBy() == null ? null : query.groupBy().apiName(), filters, series(null, all, plan, query),
                    groups);
        });
    }

    @FunctionalInterface
    private interface Reading<T> {
        T read(Connection connection, ZoneId days) throws SQLException;
    }

    /**
     * Runs {@code reading} with the zone the per-day rows are recorded in. One transaction makes the rows again for
     * another zone and records it; should that happen while the statements run, they run again with the new zone (at
     * the third time without the per-day rows, which is always right).
     */
    private <T> T read(Reading<T> reading) {
        try (Connection connection = readSource.getConnection()) {
            ZoneId days = DayRollups.stored(connection);
            for (int run = 1; ; run++) {
                T answer = reading.read(connection, days);
                ZoneId after = DayRollups.stored(connection);
                if (Objects.equals(after, days)) {
                    return answer;
                }
                days = run < 2 ? after : null;
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("reading the analysis rollups failed", e);
        }
    }

    /**
     * The top {@code limit} over {@code [from, to)}: merchants (or destinations, {@code of}) with at least
     * {@code minAttempts} attempts by lowest success rate, highest p99 or most attempts, or the most common failure
     * reasons.
     */
    public Ranking rank(AnalysisQuery query, Ranking.By by, int minAttempts, Instant now) {
        boolean reasons = by == Ranking.By.FAILURE_REASONS;
        Dimension of = reasons ? null : query.groupBy();
        return read((connection, days) -> {
            Plan plan = plan(query.from(), query.to(), false, reasons ? query.filtersDetailed() : query.detailed(),
                    days, now);
            if (reasons) {
                // One pass: every outcome's tally; the successes (no failure kind) count only in the whole.
                AttemptTally whole = new AttemptTally();
                Map<String, AttemptTally> byReason = new HashMap<>();
                selectOutcomes(connection, plan, query, (kind, status, tally) -> {
                    whole.add(tally);
                    if (!kind.isEmpty()) {
                        byReason.put(kind + "|" + status, tally);
                    }
                });
                long failures = whole.attempts() - whole.successes();
                List<Ranking.Reason> list = byReason.entrySet().stream()
                        .map(entry -> {
                            int cut = entry.getKey().lastIndexOf('|');
                            long attempts = entry.getValue().attempts();
                            return new Ranking.Reason(entry.getKey().substring(0, cut),
                                    Integer.parseInt(entry.getKey().substring(cut + 1)), attempts,
                                    percent(attempts, failures), percent(attempts, whole.attempts()));
                        })
                        .sorted(Comparator.comparingLong(Ranking.Reason::attempts).reversed()
                                .thenComparing(Ranking.Reason::failureKind).thenComparingInt(Ranking.Reason::status))
                        .limit(query.limit()).toList();
                return new Ranking(plan.from(), plan.to(), by.apiName(), null, null, null, list);
            }
            Map<String, AttemptTally> byKey = new HashMap<>();
            select(connection, plan, query, of, null, row -> byKey.merge(row.group, row.tally, AttemptTally::add));
            Comparator<Ranking.Row> busiest = Comparator.comparingLong(row -> -row.measures().attempts());
            Comparator<Ranking.Row> order = switch (by) {
                case SUCCESS_RATE -> Comparator.comparing((Ranking.Row row) -> row.measures().successRate())
                        .thenComparing(busiest);
                case P99 -> Comparator.comparing((Ranking.Row row) -> -row.measures().p99Ms()).thenComparing(busiest);
                default -> busiest;
            };
            List<Ranking.Row> rows = byKey.entrySet().stream()
                    .filter(entry -> entry.getValue().attempts() >= Math.max(1, minAttempts))
                    .map(entry -> new Ranking.Row(entry.getKey(), Measures.of(entry.getValue())))
                    .sorted(order.thenComparing(Ranking.Row::key)).limit(query.limit()).toList();
            return new Ranking(plan.from(), plan.to(), by.apiName(), of.apiName(), minAttempts, rows, null);
        });
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    /**
     * Where the rows of {@code [from, to)} are: whole hours from the hour rollups, partial hours from the minute
     * rollups (where still kept; else the range widens to whole hours), and the deltas over all of it. {@code minutes}:
     * everything from the minute rollups.
     */
    private Plan plan(Instant from, Instant to, boolean minutes, boolean detailed, ZoneId days, Instant now) {
        Instant minutesSince = minutesSince(now);
        List<Part> parts = new ArrayList<>();
        if (minutes) {
            parts.add(new Part(Rollups.MINUTE, from, to));
        } else {
            Rollups hours = detailed ? Rollups.HOUR : Rollups.HOUR_PLATFORM;
            Instant firstHour = ceilHour(from);
            Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
            if (!firstHour.isBefore(lastHour)) {
                // Within an hour, or across one boundary: minutes if kept, else the hours around it.
                if (!from.isBefore(minutesSince)) {
                    parts.add(new Part(Rollups.MINUTE, from, to));
                } else {
                    from = from.truncatedTo(ChronoUnit.HOURS);
                    to = ceilHour(to);
                    parts.add(new Part(hours, from, to));
                }
            } else {
                Instant hoursFrom = firstHour;
                Instant hoursTo = lastHour;
                if (from.isBefore(firstHour)) {
                    if (!from.isBefore(minutesSince)) {
                        parts.add(new Part(Rollups.MINUTE, from, firstHour));
                    } else {
                        from = from.truncatedTo(ChronoUnit.HOURS);
                        hoursFrom = from;
                    }
                }
                if (lastHour.isBefore(to)) {
                    if (!lastHour.isBefore(minutesSince)) {
                        parts.add(new Part(Rollups.MINUTE, lastHour, to));
                    } else {
                        to = ceilHour(to);
                        hoursTo = to;
                    }
                }
                parts.add(new Part(hours, hoursFrom, hoursTo));
            }
        }
        parts.add(new Part(Rollups.DELTA, from, to));
        return new Plan(from, to, parts, days);
    }

    /** The first whole UTC hour at or after {@code instant}. */
    private static Instant ceilHour(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
    }

    /** A grouped row: its UTC bucket, its group's value (null when not grouped), its tally. */
    private record Row(Instant bucket, String group, AttemptTally tally) {
    }

    @FunctionalInterface
    private interface RowSink {
        void accept(Row row);
    }

    /**
     * One statement over the plan's parts: the rows matching the filters (and, with {@code only}, whose
     * {@code groupBy} value is one of those), summed per bucket and {@code groupBy} value, or, when {@code groupBy} is
     * given with {@code only} null, per {@code groupBy} value over the whole range (bucket null).
     */
    private void select(Connection connection, Plan plan, AnalysisQuery query, Dimension groupBy, List<String> only,
                        RowSink sink) throws SQLException {
        boolean perBucket = groupBy == null || only != null;
        List<Object> parameters = new ArrayList<>();
        Set<Dimension> used = EnumSet.noneOf(Dimension.class);
        used.addAll(query.filters().keySet());
        if (groupBy != null) {
            used.add(groupBy);
        }
        String union = union(days(plan, query, used, perBucket), query, groupBy, only, parameters);
        String outer = (perBucket ? "bucket" : "") + (groupBy == null ? "" : (perBucket ? ", " : "") + "g");
        String sql = "SELECT " + outer + ", " + AttemptTally.SUMS + " FROM (" + union + ") r GROUP BY " + outer;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(connection, select, parameters);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    int column = 1;
                    Instant bucket = perBucket ? UtcTime.fromColumn(result.getObject(column++, LocalDateTime.class))
                            : null;
                    String group = groupBy == null ? null : groupBy.shown(result.getString(column++));
                    sink.accept(new Row(bucket, group, AttemptTally.read(result, column)));
                }
            }
        }
    }

    @FunctionalInterface
    private interface OutcomeSink {
        void accept(String failureKind, int status, AttemptTally tally);
    }

    /** The range's tallies per failure kind ('' for successes) and status, over the whole range. */
    private void selectOutcomes(Connection connection, Plan plan, AnalysisQuery query, OutcomeSink sink)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder union = new StringBuilder();
        Set<Dimension> used = EnumSet.of(Dimension.FAILURE_KIND, Dimension.STATUS);
        used.addAll(query.filters().keySet());
        for (Part part : days(plan, query, used, false).parts()) {
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT failure_kind, status, ").append(AttemptTally.COLUMNS).append(" FROM ")
                    .append(part.source().table).append(" WHERE bucket >= ? AND bucket < ?");
            parameters.add(UtcTime.toColumn(part.from()));
            parameters.add(UtcTime.toColumn(part.to()));
            filters(union, query, null, null, parameters);
        }
        String sql = "SELECT failure_kind, status, " + AttemptTally.SUMS + " FROM (" + union
                + ") r GROUP BY failure_kind, status";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(connection, select, parameters);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    sink.accept(result.getString(1), result.getInt(2), AttemptTally.read(result, 3));
                }
            }
        }
    }

    /**
     * The plan with the whole days (of the recorded day zone) of its per-hour part read from the per-day rollups, where
     * they keep every dimension in {@code used} (the platform ones: no merchant or destination; the merchant ones:
     * merchant only) and, for an answer {@code perBucket}, where its buckets are days, weeks or months of a zone with
     * the same days over the range; else the plan as it is.
     */
    private static Plan days(Plan plan, AnalysisQuery query, Set<Dimension> used, boolean perBucket) {
        ZoneId zone = plan.days();
        if (zone == null || perBucket && !(DAYS.contains(query.granularity())
                && DayRollups.sameDays(query.zone(), zone, plan.from(), plan.to()))) {
            return plan;
        }
        Rollups days = used.stream().noneMatch(Dimension::detailed) ? Rollups.DAY_PLATFORM
                : used.stream().allMatch(d -> d == Dimension.MERCHANT) ? Rollups.DAY_MERCHANT : null;
        if (days == null) {
            return plan;
        }
        List<Part> parts = new ArrayList<>();
        for (Part part : plan.parts()) {
            Instant firstDay = DayRollups.ceil(part.from(), zone);
            Instant lastDay = DayRollups.floor(part.to(), zone);
            boolean hours = part.source() == Rollups.HOUR || part.source() == Rollups.HOUR_PLATFORM;
            if (!hours || !firstDay.isBefore(lastDay)) {
                parts.add(part);
                continue;
            }
            if (part.from().isBefore(firstDay)) {
                parts.add(new Part(part.source(), part.from(), firstDay));
            }
            parts.add(new Part(days, firstDay, lastDay));
            if (lastDay.isBefore(part.to())) {
                parts.add(new Part(part.source(), lastDay, part.to()));
            }
        }
        return new Plan(plan.from(), plan.to(), parts, zone);
    }

    /** The {@code limit} values of the query's {@code groupBy} with the most attempts, most first. */
    private List<String> busiest(Connection connection, Plan plan, AnalysisQuery query) throws SQLException {
        Map<String, AttemptTally> byGroup = new HashMap<>();
        select(connection, plan, query, query.groupBy(), null, row -> byGroup.put(row.group, row.tally));
        return byGroup.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, AttemptTally> e) -> -e.getValue().attempts())
                        .thenComparing(Map.Entry::getKey))
                .limit(query.limit()).map(Map.Entry::getKey).toList();
    }

    private String union(Plan plan, AnalysisQuery query, Dimension groupBy, List<String> only,
                         List<Object> parameters) {
        StringBuilder union = new StringBuilder();
        for (Part part : plan.parts()) {
            if (union.length() > 0) {
                union.append(" UNION ALL ");
            }
            union.append("SELECT bucket");
            if (groupBy != null) {
                union.append(", ").append(groupBy == Dimension.STATUS ? "CAST(status AS VARCHAR(11))" : groupBy.column)
                        .append(" AS g");
            }
            union.append(", ").append(AttemptTally.COLUMNS).append(" FROM ").append(part.source().table)
                    .append(" WHERE bucket >= ? AND bucket < ?");
            parameters.add(UtcTime.toColumn(part.from()));
            parameters.add(UtcTime.toColumn(part.to()));
            filters(union, query, groupBy, only, parameters);
        }
        return union.toString();
    }

    private static void filters(StringBuilder sql, AnalysisQuery query, Dimension groupBy, List<String> only,
                                List<Object> parameters) {
        query.filters().forEach((dimension, values) -> {
            sql.append(" AND ").append(dimension.column).append(" = ANY (?)");
            parameters.add(new Values(dimension, values));
        });
        if (only != null) {
            sql.append(" AND ").append(groupBy.column).append(" = ANY (?)");
            parameters.add(new Values(groupBy, only));
        }
    }

    /** An array parameter: a dimension's values. */
    private record Values(Dimension dimension, List<String> values) {
    }

    private static void bind(Connection connection, PreparedStatement statement, List<Object> parameters)
            throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof Values values) {
                boolean status = values.dimension() == Dimension.STATUS;
                Object[] array = status ? values.values().stream().map(Integer::valueOf).toArray()
                        : values.values().stream().map(values.dimension()::stored).toArray();
                statement.setArray(i + 1, connection.createArrayOf(status ? "INTEGER" : "VARCHAR", array));
            } else {
                statement.setObject(i + 1, parameter);
            }
        }
    }

    /** A series: every bucket of the plan's range in the query's zone, with the rows folded into theirs. */
    private static AnalysisReport.Series series(String key, Map<Instant, AttemptTally> rows, Plan plan,
                                                AnalysisQuery query) {
        Granularity granularity = query.granularity();
        TreeMap<Instant, AttemptTally> buckets = new TreeMap<>();
        ZonedDateTime end = plan.to().atZone(query.zone());
        for (ZonedDateTime start = granularity.floor(plan.from().atZone(query.zone())); start.isBefore(end);
             start = granularity.next(start)) {
            buckets.put(start.toInstant(), new AttemptTally());
        }
        AttemptTally total = new AttemptTally();
        rows.forEach((bucket, tally) -> {
            Instant start = granularity.floor(bucket.atZone(query.zone())).toInstant();
            buckets.computeIfAbsent(start, s -> new AttemptTally()).add(tally);
            total.add(tally);
        });
        Function<Instant, java.time.OffsetDateTime> local = start -> start.atZone(query.zone()).toOffsetDateTime();
        List<AnalysisReport.Bucket> list = new ArrayList<>(buckets.size());
        buckets.forEach((start, tally) -> list.add(new AnalysisReport.Bucket(local.apply(start), Measures.of(tally))));
        return new AnalysisReport.Series(key, Measures.of(total), list);
    }
}
