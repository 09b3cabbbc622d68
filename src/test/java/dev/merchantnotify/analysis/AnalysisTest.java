package dev.merchantnotify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.deliverylog.AttemptRow;
import dev.merchantnotify.deliverylog.ResponseTimeBuckets;
import dev.merchantnotify.deliverylog.TestDatabase;
import dev.merchantnotify.deliverylog.UtcTime;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analysis on a real (in-memory H2) database with the application's schema: a generated history with known
 * failure mixes and a daily rhythm is recorded through the application's own writer (the attempts and their rollup
 * deltas in one transaction), partly moved into the rollups, and every answer is compared with figures computed here
 * from the generated attempts themselves.
 */
class AnalysisTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-04T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-04T06:30:00Z");

    private TestDatabase db;
    private AnalysisSettings settings;
    private Analysis analysis;
    private RollupCompactor compactor;
    private final List<AttemptRow> made = new ArrayList<>();

    @BeforeEach
    void history() throws SQLException {
        db = new TestDatabase();
        AnalysisSettings settings = new AnalysisSettings();
        settings.compactSeconds = 5;
        settings.minuteRetentionDays = 7;
        settings.dayZoneId = ZoneId.of("UTC");
        this.settings = settings;
        analysis = new Analysis();
        analysis.readSource = db.dataSource;
        analysis.settings = settings;
        compactor = new RollupCompactor();
        compactor.dataSource = db.dataSource;
        compactor.settings = settings;
        compactor.clock = Clock.fixed(NOW, ZoneOffset.UTC);

        Random random = new Random(42);
        long id = 0;
        // M1: http, 10 % answered 500 then retried; M2: http, slow, 8 % time out; a notify_url-only merchant (its key);
        // M4: kafka for order.refunded, 3 % not_found (not retried). More notifications by day (UTC 00-12) than at night.
        for (Instant hour = START; hour.isBefore(END); hour = hour.plus(1, ChronoUnit.HOURS)) {
            int hourOfDay = hour.atZone(ZoneOffset.UTC).getHour();
            int perMerchant = hourOfDay < 12 ? 12 : 4;
            for (int n = 0; n < perMerchant; n++) {
                Instant created = hour.plusSeconds(random.nextInt(3000));
                id++;
                notify(id, "M1", "order.paid", created, "key-m1-http-0001", "http", random, 0.10, 500, "http_status",
                        ms -> 20 + ms.nextInt(60));
                id++;
                notify(id, "M2", "order.paid", created, "key-m2-http-0002", "http", random, 0.08, null, "timeout",
                        ms -> 300 + ms.nextInt(2500));
                id++;
                notify(id, null, "order.paid", created, "0123456789abcdef", "http", random, 0.02, 502, "http_status",
                        ms -> 5 + ms.nextInt(20));
                id++;
                notify(id, "M4", "order.refunded", created, "key-m4-kafka-004", "kafka", random, 0.03, null,
                        "not_found", ms -> 2 + ms.nextInt(8));
            }
        }
        // Recorded in batches; the first half moved into the rollups, the rest left as deltas.
        made.sort(Comparator.comparing(AttemptRow::startedAt));
        int half = made.size() / 2;
        for (int from = 0; from < made.size(); from += 200) {
            db.rows().write(made.subList(from, Math.min(made.size(), from + 200)), List.of());
            if (from + 200 >= half && from < half) {
                while (compactor.compact().deltas() == RollupCompactor.BATCH) {
                    // more
                }
            }
        }
    }

    private void notify(long id, String merchantNo, String event, Instant created, String key, String channel,
                        Random random, double failure, Integer failStatus, String failKind,
                        Function<Random, Integer> millis) throws SQLException {
        db.execute("INSERT INTO notification (id, order_no, event, notify_url, merchant_key, format, payload, status, "
                + "attempts, created_at, version, merchant_no) VALUES (?, ?, ?, 'http://m.example/n', ?, 'JSON', '{}', "
                + "'SUCCESS', 1, ?, 1, ?)", id, "ORDER-" + id, event, key, UtcTime.toColumn(created), merchantNo);
        Instant at = created;
        String merchant = merchantNo != null ? merchantNo : key;
        for (int attempt = 1; attempt <= 4; attempt++) {
            boolean fails = random.nextDouble() < failure;
            long ms = millis.apply(random);
            Integer status = fails ? failStatus : ("http".equals(channel) ? Integer.valueOf(200) : null);
            made.add(new AttemptRow(id, attempt, at, fails && "timeout".equals(failKind) ? 3000 : ms, status, !fails,
                    null, fails ? failKind : null, fails ? "failed" : null, key, channel, null, null, null, event,
                    merchant));
            if (!fails || "not_found".equals(failKind)) {
                break;
            }
            at = at.plusSeconds(15L * attempt);
        }
    }

    private AnalysisQuery query(Instant from, Instant to, Granularity granularity, ZoneId zone, Dimension groupBy,
                                Map<Dimension, List<String>> filters) {
        return new AnalysisQuery(from, to, granularity, zone, groupBy, filters, 10);
    }

    /** Checks the measures against the generated attempts they should count. */
    private static void assertMeasures(List<AttemptRow> rows, Measures measures, String what) {
        long successes = rows.stream().filter(AttemptRow::success).count();
        long firsts = rows.stream().filter(row -> row.attemptNo() == 1).count();
        long firstSuccesses = rows.stream().filter(row -> row.attemptNo() == 1 && row.success()).count();
        long errors = rows.stream().filter(row -> "timeout".equals(row.errorKind())
                || row.httpStatus() != null && row.httpStatus() >= 500).count();
        assertEquals(rows.size(), measures.attempts(), what + ": attempts");
        assertEquals(firsts, measures.notifications(), what + ": notifications");
        assertEquals(successes, measures.successes(), what + ": successes");
        assertEquals(errors, measures.errors(), what + ": errors");
        assertEquals(percent(successes, rows.size()), measures.successRate(), what + ": success rate");
        assertEquals(percent(firstSuccesses, firsts), measures.firstAttemptSuccessRate(), what + ": first-attempt");
        assertEquals(percent(rows.size() - firsts, rows.size()), measures.retryRate(), what + ": retry rate");
        assertEquals(percent(errors, rows.size()), measures.errorRate(), what + ": error rate");
        if (rows.isEmpty()) {
            assertNull(measures.p95Ms(), what);
            return;
        }
        long total = rows.stream().mapToLong(AttemptRow::durationMs).sum();
        assertEquals(Math.round((double) total / rows.size()), measures.avgResponseMs(), what + ": mean");
        List<Long> sorted = rows.stream().map(AttemptRow::durationMs).sorted().toList();
        assertEquals(sorted.get(sorted.size() - 1), measures.maxResponseMs(), what + ": max");
        for (double q : new double[] {0.50, 0.95, 0.99}) {
            long exact = sorted.get((int) Math.ceil(q * sorted.size()) - 1);
            Long estimate = q == 0.50 ? measures.p50Ms() : q == 0.95 ? measures.p95Ms() : measures.p99Ms();
            assertEquals(ResponseTimeBuckets.of(exact), ResponseTimeBuckets.of(estimate), what + ": p" + (int) (q * 100)
                    + " " + estimate + " ms in the bucket of the exact " + exact + " ms");
        }
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }

    private List<AttemptRow> within(Instant from, Instant to, Predicate<AttemptRow> also) {
        return made.stream().filter(row -> !row.startedAt().isBefore(from) && row.startedAt().isBefore(to))
                .filter(also).toList();
    }

    @Test
    void everyMeasurePerDayInATimeZoneEqualsTheGeneratedAttempts() {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        Instant from = LocalDate.parse("2026-11-01").atStartOfDay(shanghai).toInstant();
        Instant to = LocalDate.parse("2026-11-04").atStartOfDay(shanghai).toInstant();
        AnalysisReport report = analysis.report(query(from, to, Granularity.DAY, shanghai, null, Map.of()), NOW);

        assertEquals(from, report.from());
        assertEquals(to, report.to());
        assertMeasures(within(from, to, row -> true), report.total().measures(), "the range");
        assertEquals(3, report.total().buckets().size(), "three Shanghai days");
        for (AnalysisReport.Bucket bucket : report.total().buckets()) {
            Instant start = bucket.start().toInstant();
            assertEquals(8 * 3600, bucket.start().getOffset().getTotalSeconds(), "in the asked zone");
            assertMeasures(within(start, start.plus(1, ChronoUnit.DAYS), row -> true), bucket.measures(),
                    "day " + bucket.start());
        }
    }

    @Test
    void breaksDownByEachDimensionAndFilters() {
        Instant from = START.plus(5, ChronoUnit.HOURS).plusSeconds(17 * 60);
        Instant to = END.minus(3, ChronoUnit.HOURS).minusSeconds(41 * 60);
        for (Dimension dimension : Dimension.values()) {
            AnalysisReport report = analysis.report(query(from, to, Granularity.HOUR, ZoneOffset.UTC, dimension,
                    Map.of()), NOW);
            assertEquals(from, report.from(), "partial hours read from the minutes, not widened");
            assertMeasures(within(from, to, row -> true), report.total().measures(), "the total by " + dimension);
            Map<String, List<AttemptRow>> expected = within(from, to, row -> true).stream()
                    .collect(Collectors.groupingBy(row -> key(dimension, row)));
            assertEquals(Math.min(10, expected.size()), report.groups().size(), dimension.apiName());
            for (AnalysisReport.Series group : report.groups()) {
                assertMeasures(expected.get(group.key()), group.measures(), dimension.apiName() + "=" + group.key());
            }
        }
        Map<Dimension, List<String>> filters = new EnumMap<>(Dimension.class);
        filters.put(Dimension.CHANNEL, List.of("http"));
        filters.put(Dimension.FAILURE_KIND, List.of("none", "http_status"));
        AnalysisReport filtered = analysis.report(query(from, to, Granularity.HOUR, ZoneOffset.UTC, Dimension.MERCHANT,
                filters), NOW);
        Predicate<AttemptRow> matches = row -> row.channel().equals("http")
                && (row.errorKind() == null || row.errorKind().equals("http_status"));
        assertMeasures(within(from, to, matches), filtered.total().measures(), "http, successes and statuses");
        AnalysisReport.Series m2 = filtered.groups().stream().filter(g -> g.key().equals("M2")).findFirst().orElseThrow();
        assertMeasures(within(from, to, matches.and(row -> row.merchant().equals("M2"))), m2.measures(),
                "M2 without its timeouts");
        Instant hour = Instant.parse("2026-11-02T09:00:00Z");
        AnalysisReport.Bucket nine = m2.buckets().stream().filter(b -> b.start().toInstant().equals(hour)).findFirst()
                .orElseThrow();
        assertMeasures(within(hour, hour.plus(1, ChronoUnit.HOURS), matches.and(row -> row.merchant().equals("M2"))),
                nine.measures(), "M2 at 09:00");
    }

    private static String key(Dimension dimension, AttemptRow row) {
        return switch (dimension) {
            case MERCHANT -> row.merchant();
            case DESTINATION -> row.destinationKey();
            case CHANNEL -> row.channel();
            case EVENT -> row.event();
            case FAILURE_KIND -> row.errorKind() == null ? "none" : row.errorKind();
            case STATUS -> String.valueOf(row.httpStatus() == null ? 0 : row.httpStatus());
        };
    }

    @Test
    void minuteBucketsAndRangesOlderThanTheMinutesKeptWidenToWholeHours() {
        Instant from = Instant.parse("2026-11-02T10:07:00Z");
        Instant to = Instant.parse("2026-11-02T10:37:00Z");
        AnalysisReport minutes = analysis.report(query(from, to, Granularity.MINUTE, ZoneOffset.UTC, null, Map.of()),
                NOW);
        assertEquals(30, minutes.total().buckets().size());
        for (AnalysisReport.Bucket bucket : minutes.total().buckets()) {
            Instant start = bucket.start().toInstant();
            assertMeasures(within(start, start.plusSeconds(60), row -> true), bucket.measures(), "minute " + start);
        }
        Instant later = Instant.parse("2026-12-01T00:00:00Z");
        AnalysisReport widened = analysis.report(query(from, to.plus(2, ChronoUnit.HOURS), Granularity.HOUR,
                ZoneOffset.UTC, null, Map.of()), later);
        assertEquals(Instant.parse("2026-11-02T10:00:00Z"), widened.from(), "minutes no longer kept: whole hours");
        assertEquals(Instant.parse("2026-11-02T13:00:00Z"), widened.to());
        assertMeasures(within(widened.from(), widened.to(), row -> true), widened.total().measures(), "whole hours");
    }

    @Test
    void ranksTheWorstMerchantsAndTheCommonestFailureReasons() {
        AnalysisQuery range = query(START, END, Granularity.HOUR, ZoneOffset.UTC, Dimension.MERCHANT, Map.of());
        Ranking bySuccess = analysis.rank(range, Ranking.By.SUCCESS_RATE, 20, NOW);
        List<String> expected = made.stream().collect(Collectors.groupingBy(AttemptRow::merchant)).entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<AttemptRow>> e) -> percent(
                        e.getValue().stream().filter(AttemptRow::success).count(), e.getValue().size())))
                .map(Map.Entry::getKey).toList();
        assertEquals(expected, bySuccess.rows().stream().map(Ranking.Row::key).toList());
        assertEquals("M2", analysis.rank(range, Ranking.By.P99, 20, NOW).rows().get(0).key(), "the slow one");

        // Each merchant's figures: over whole UTC days (read from the per-day merchant rollups and the deltas), and
        // over a range with partial days and hours at both ends (minutes, hours, days and deltas).
        Instant from = START.plus(5, ChronoUnit.HOURS).plusSeconds(17 * 60);
        Instant to = END.minus(3, ChronoUnit.HOURS).minusSeconds(41 * 60);
        for (AnalysisQuery merchants : List.of(range, query(from, to, Granularity.HOUR, ZoneOffset.UTC,
                Dimension.MERCHANT, Map.of()))) {
            Ranking busiest = analysis.rank(merchants, Ranking.By.BUSIEST, 1, NOW);
            Map<String, List<AttemptRow>> byMerchant = within(merchants.from(), merchants.to(), row -> true).stream()
                    .collect(Collectors.groupingBy(AttemptRow::merchant));
            assertEquals(byMerchant.size(), busiest.rows().size());
            for (Ranking.Row row : busiest.rows()) {
                assertMeasures(byMerchant.get(row.key()), row.measures(), "merchant " + row.key() + " from "
                        + merchants.from());
            }
        }
        Ranking one = analysis.rank(query(START, END, Granularity.HOUR, ZoneOffset.UTC, Dimension.MERCHANT,
                Map.of(Dimension.MERCHANT, List.of("M2"))), Ranking.By.BUSIEST, 1, NOW);
        assertEquals(1, one.rows().size(), "filtered to one merchant");
        assertMeasures(within(START, END, row -> row.merchant().equals("M2")), one.rows().get(0).measures(), "M2");

        Ranking reasons = analysis.rank(range, Ranking.By.FAILURE_REASONS, 1, NOW);
        Map<String, Long> counted = made.stream().filter(row -> !row.success()).collect(Collectors.groupingBy(
                row -> row.errorKind() + "|" + (row.httpStatus() == null ? 0 : row.httpStatus()), Collectors.counting()));
        assertEquals(counted.size(), reasons.reasons().size());
        long failures = counted.values().stream().mapToLong(Long::longValue).sum();
        Ranking.Reason first = reasons.reasons().get(0);
        assertEquals(counted.values().stream().max(Long::compare).orElseThrow(), first.attempts());
        assertEquals(percent(first.attempts(), failures), first.shareOfFailures());
        assertEquals(percent(first.attempts(), made.size()), first.shareOfAttempts());
        for (Ranking.Reason reason : reasons.reasons()) {
            assertEquals(counted.get(reason.failureKind() + "|" + reason.status()), reason.attempts(), reason.toString());
        }
    }

    @Test
    void staysTheSameAcrossCompactionAndTheLogsCleanup() throws SQLException {
        AnalysisQuery all = query(START, END, Granularity.DAY, ZoneOffset.UTC, Dimension.CHANNEL, Map.of());
        AnalysisReport before = analysis.report(all, NOW);
        AnalysisQuery merchants = query(START, END, Granularity.DAY, ZoneOffset.UTC, Dimension.MERCHANT, Map.of());
        Ranking worstBefore = analysis.rank(merchants, Ranking.By.SUCCESS_RATE, 1, NOW);
        assertTrue(db.count("analysis_delta") > 0, "part of the history still in the deltas");
        while (compactor.compact().deltas() > 0) {
            // all of it
        }
        assertEquals(0, db.count("analysis_delta"));
        db.cleanup().deleteBefore(NOW);
        assertEquals(0, db.count("delivery_attempt"), "the raw log is gone");
        AnalysisReport after = analysis.report(all, NOW);
        assertEquals(before, after);
        assertEquals(worstBefore, analysis.rank(merchants, Ranking.By.SUCCESS_RATE, 1, NOW),
                "the merchants' days add up the same, moved or not");
        assertMeasures(made, after.total().measures(), "everything, from the rollups alone");
        try (Connection connection = db.dataSource.getConnection();
             ResultSet kept = connection.createStatement().executeQuery("SELECT MIN(bucket) FROM analysis_minute")) {
            kept.next();
            assertEquals(made.get(0).startedAt().truncatedTo(ChronoUnit.MINUTES),
                    UtcTime.fromColumn(kept.getObject(1, java.time.LocalDateTime.class)),
                    "minute rows within the retention are kept");
        }
        compactor.clock = Clock.fixed(NOW.plus(30, ChronoUnit.DAYS), ZoneOffset.UTC);
        compactor.compact();
        assertEquals(0, db.count("analysis_minute"), "minute rows past the retention are dropped");
        assertEquals(before.total().measures(), analysis.report(all, NOW.plus(30, ChronoUnit.DAYS)).total().measures(),
                "the hours keep it");
    }

    @Test
    void theMigrationCountsTheLogAlreadyThereOnce() throws SQLException {
        org.h2.jdbcx.JdbcDataSource old = new org.h2.jdbcx.JdbcDataSource();
        old.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        org.flywaydb.core.api.configuration.FluentConfiguration flyway = org.flywaydb.core.Flyway.configure()
                .dataSource(old).locations("classpath:db/migration").table("merchant_notify_schema_history");
        flyway.target("9").load().migrate();
        List<AttemptRow> before = made.subList(0, 500);
        try (Connection connection = old.getConnection()) {
            for (long id : before.stream().map(AttemptRow::notificationId).distinct().toList()) {
                AttemptRow row = before.stream().filter(r -> r.notificationId() == id).findFirst().orElseThrow();
                var insert = connection.prepareStatement("INSERT INTO notification (id, order_no, event, notify_url, "
                        + "merchant_key, format, payload, status, attempts, created_at, version, merchant_no) VALUES "
                        + "(?, ?, ?, 'http://m.example/n', ?, 'JSON', '{}', 'SUCCESS', 1, ?, 1, ?)");
                insert.setLong(1, id);
                insert.setString(2, "ORDER-" + id);
                insert.setString(3, row.event());
                insert.setString(4, row.destinationKey());
                insert.setObject(5, UtcTime.toColumn(row.startedAt()));
                insert.setString(6, row.merchant().equals(row.destinationKey()) ? null : row.merchant());
                insert.executeUpdate();
            }
            long attemptId = 1;
            for (AttemptRow row : before) {
                var insert = connection.prepareStatement("INSERT INTO delivery_attempt (id, notification_id, "
                        + "attempt_no, started_at, duration_ms, http_status, success, error_kind, destination_key, "
                        + "channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                insert.setLong(1, attemptId++);
                insert.setLong(2, row.notificationId());
                insert.setInt(3, row.attemptNo());
                insert.setObject(4, UtcTime.toColumn(row.startedAt()));
                insert.setLong(5, row.durationMs());
                insert.setObject(6, row.httpStatus());
                insert.setBoolean(7, row.success());
                insert.setString(8, row.errorKind());
                insert.setString(9, row.destinationKey());
                insert.setString(10, row.channel());
                insert.executeUpdate();
            }
        }
        flyway.target("latest").load().migrate();
        analysis.readSource = old;
        Instant from = before.get(0).startedAt().truncatedTo(ChronoUnit.HOURS);
        Instant to = before.get(before.size() - 1).startedAt().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        for (Dimension dimension : new Dimension[] {Dimension.MERCHANT, Dimension.FAILURE_KIND}) {
            AnalysisReport report = analysis.report(query(from, to, Granularity.HOUR, ZoneOffset.UTC, dimension,
                    Map.of()), NOW);
            assertMeasures(before, report.total().measures(), "migrated");
            Map<String, List<AttemptRow>> expected = before.stream()
                    .collect(Collectors.groupingBy(row -> key(dimension, row)));
            for (AnalysisReport.Series group : report.groups()) {
                assertMeasures(expected.get(group.key()), group.measures(), "migrated " + group.key());
            }
        }
        AnalysisReport minutes = analysis.report(query(from, from.plus(1, ChronoUnit.HOURS), Granularity.MINUTE,
                ZoneOffset.UTC, null, Map.of()), NOW);
        assertMeasures(within(from, from.plus(1, ChronoUnit.HOURS), before::contains), minutes.total().measures(),
                "migrated minutes");

        compactor.dataSource = old;
        assertEquals(0, compactor.compact().deltas(), "the migration leaves no deltas, and V11's job rows are there");
        try (Connection connection = old.getConnection();
             var jobs = connection.createStatement().executeQuery(
                     "SELECT job, done_at FROM analysis_state ORDER BY job")) {
            assertTrue(jobs.next());
            assertEquals("anomaly", jobs.getString(1));
            assertTrue(jobs.next());
            assertEquals("compact", jobs.getString(1));
            assertNotNull(jobs.getTimestamp(2), "the compaction noted its run");
            assertFalse(jobs.next());
        }
        assertMeasures(before, analysis.report(query(from, to, Granularity.HOUR, ZoneOffset.UTC, null, Map.of()), NOW)
                .total().measures(), "after V11");
        // V12 made the per-day merchant rows from the per-hour ones.
        Map<String, Long> perMerchant = before.stream().collect(Collectors.groupingBy(AttemptRow::merchant,
                Collectors.counting()));
        Map<String, Long> perDayRows = new java.util.HashMap<>();
        try (Connection connection = old.getConnection();
             var days = connection.createStatement().executeQuery(
                     "SELECT merchant, SUM(attempts) FROM analysis_day_merchant GROUP BY merchant")) {
            while (days.next()) {
                perDayRows.put(days.getString(1), days.getLong(2));
            }
        }
        assertEquals(perMerchant, perDayRows, "V12's per-day merchant rows");
        // V13 made the per-day platform rows from the per-hour platform ones, on UTC days.
        assertEquals(before.stream().collect(Collectors.groupingBy(row -> key(Dimension.FAILURE_KIND, row)
                        + "@" + row.startedAt().truncatedTo(ChronoUnit.DAYS), Collectors.counting())),
                sums(old, "CASE failure_kind WHEN '' THEN 'none' ELSE failure_kind END || '@' || CAST(bucket AS VARCHAR)",
                        "analysis_day_platform", "T00:00:00Z"),
                "V13's per-day platform rows");
    }

    /**
     * The attempts of {@code table} summed by {@code key} (an SQL expression); each key's " 00:00:00" (a day's start)
     * read as {@code dayStart}.
     */
    private static Map<String, Long> sums(javax.sql.DataSource source, String key, String table, String dayStart)
            throws SQLException {
        Map<String, Long> sums = new java.util.HashMap<>();
        try (Connection connection = source.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT k, SUM(attempts) FROM (SELECT " + key
                     + " AS k, attempts FROM " + table + ") r GROUP BY k")) {
            while (rows.next()) {
                sums.put(rows.getString(1).replace(" 00:00:00", dayStart), rows.getLong(2));
            }
        }
        return sums;
    }

    @Test
    void theDaysOfAnotherDayZoneAreMadeAgainAndServeDaysWeeksAndMonthsInThatZone() throws SQLException {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        settings.dayZoneId = shanghai;
        compactor.compact();
        // Made again from the per-hour rows (half the history), then the deltas moved onto the same days.
        while (compactor.compact().deltas() > 0) {
            // all of it
        }
        Function<AttemptRow, String> shanghaiDay = row -> row.startedAt().atZone(shanghai).toLocalDate().toString();
        assertEquals(made.stream().collect(Collectors.groupingBy(row -> row.merchant() + "@" + shanghaiDay.apply(row),
                        Collectors.counting())),
                sums(db.dataSource, "merchant || '@' || CAST(CAST(DATEADD(HOUR, 8, bucket) AS DATE) AS VARCHAR)",
                        "analysis_day_merchant", ""),
                "a row per merchant and Shanghai day");
        assertEquals(made.stream().collect(Collectors.groupingBy(row -> key(Dimension.FAILURE_KIND, row) + "@"
                        + shanghaiDay.apply(row), Collectors.counting())),
                sums(db.dataSource, "CASE failure_kind WHEN '' THEN 'none' ELSE failure_kind END || '@' || "
                        + "CAST(CAST(DATEADD(HOUR, 8, bucket) AS DATE) AS VARCHAR)", "analysis_day_platform", ""),
                "a row per failure kind (and the other platform dimensions) and Shanghai day");

        Instant from = LocalDate.parse("2026-11-01").atStartOfDay(shanghai).toInstant();
        Instant to = LocalDate.parse("2026-11-04").atStartOfDay(shanghai).toInstant().plus(5, ChronoUnit.HOURS);
        for (Granularity granularity : List.of(Granularity.DAY, Granularity.WEEK, Granularity.MONTH)) {
            for (Dimension dimension : new Dimension[] {null, Dimension.MERCHANT, Dimension.FAILURE_KIND}) {
                AnalysisReport report = analysis.report(query(from, to, granularity, shanghai, dimension, Map.of()),
                        NOW);
                String what = granularity + " by " + dimension;
                assertMeasures(within(from, to, row -> true), report.total().measures(), what);
                for (AnalysisReport.Bucket bucket : report.total().buckets()) {
                    Instant start = bucket.start().toInstant();
                    Instant end = granularity.next(bucket.start().toZonedDateTime()).toInstant();
                    assertMeasures(within(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end, row -> true),
                            bucket.measures(), what + ", bucket " + bucket.start());
                }
                for (AnalysisReport.Series group : report.groups()) {
                    assertMeasures(within(from, to, row -> key(dimension, row).equals(group.key())), group.measures(),
                            what + ", group " + group.key());
                }
            }
        }
        AnalysisReport m1 = analysis.report(query(from, to, Granularity.DAY, shanghai, null,
                Map.of(Dimension.MERCHANT, List.of("M1"))), NOW);
        assertMeasures(within(from, to, row -> row.merchant().equals("M1")), m1.total().measures(), "M1's days");

        // Which rows answer: a change to the per-day rows shows in Shanghai days and in whole-range totals, not in UTC
        // days (another zone's days: the hours) nor in hours.
        AnalysisQuery shanghaiDays = query(from, to, Granularity.DAY, shanghai, Dimension.MERCHANT, Map.of());
        AnalysisQuery utcDays = query(START, END, Granularity.DAY, ZoneOffset.UTC, Dimension.MERCHANT, Map.of());
        AnalysisReport shanghaiBefore = analysis.report(shanghaiDays, NOW);
        AnalysisReport utcBefore = analysis.report(utcDays, NOW);
        db.execute("UPDATE analysis_day_merchant SET attempts = attempts + 1000");
        db.execute("UPDATE analysis_day_platform SET attempts = attempts + 1000");
        assertEquals(utcBefore, analysis.report(utcDays, NOW), "UTC days are read from the hours");
        AnalysisReport shanghaiAfter = analysis.report(shanghaiDays, NOW);
        assertTrue(shanghaiAfter.total().measures().attempts() > shanghaiBefore.total().measures().attempts(),
                "Shanghai days are read from the per-day rows");
        assertTrue(shanghaiAfter.groups().get(0).measures().attempts()
                > shanghaiBefore.groups().get(0).measures().attempts(), "a merchant's Shanghai days too");
        db.execute("UPDATE analysis_day_merchant SET attempts = attempts - 1000");
        db.execute("UPDATE analysis_day_platform SET attempts = attempts - 1000");

        // Back to UTC: made again, on UTC days.
        settings.dayZoneId = ZoneId.of("UTC");
        compactor.compact();
        assertEquals(made.stream().collect(Collectors.groupingBy(row -> row.merchant() + "@"
                        + row.startedAt().truncatedTo(ChronoUnit.DAYS), Collectors.counting())),
                sums(db.dataSource, "merchant || '@' || CAST(bucket AS VARCHAR)", "analysis_day_merchant",
                        "T00:00:00Z"),
                "a row per merchant and UTC day");
        assertMeasures(within(START, END, row -> true), analysis.report(utcDays, NOW).total().measures(), "UTC days");
    }

    @Test
    void theDayZoneMustHaveWholeHourOffsetsAndZonesWithTheSameDaysAreRecognised() {
        assertEquals(ZoneId.of("Asia/Shanghai"), DayRollups.zone("Asia/Shanghai"));
        assertEquals(ZoneId.of("America/New_York"), DayRollups.zone(" America/New_York "));
        assertEquals(ZoneOffset.ofHours(8), DayRollups.zone("+08:00"));
        for (String refused : new String[] {"Asia/Kolkata", "+05:45", "Mars/Olympus", ""}) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> DayRollups.zone(refused), refused);
            assertTrue(e.getMessage().startsWith("Invalid setting notify.analysis.day-zone=" + refused), e.getMessage());
        }
        ZoneId london = ZoneId.of("Europe/London");
        ZoneId utc = ZoneId.of("UTC");
        assertTrue(DayRollups.sameDays(london, utc, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-03-29T00:00:00Z")), "London keeps UTC's days in winter");
        assertFalse(DayRollups.sameDays(london, utc, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z")), "not past the end of March");
        assertTrue(DayRollups.sameDays(ZoneId.of("Asia/Shanghai"), ZoneOffset.ofHours(8),
                Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")));
        assertFalse(DayRollups.sameDays(ZoneId.of("Asia/Shanghai"), utc, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z")));
    }
}
