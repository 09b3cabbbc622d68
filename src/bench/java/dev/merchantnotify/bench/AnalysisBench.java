package dev.merchantnotify.bench;

import dev.merchantnotify.deliverylog.AttemptTally;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * The analysis API over a year of history, against the real server (its packaged configuration) on H2 and on
 * PostgreSQL: a year of rollups (hourly, and daily on UTC days, the default day zone) for {@code analysis.merchants}
 * (1,000) merchants is generated straight into the database (every merchant active every hour, a daily and weekly
 * rhythm, each merchant its own volume, success rate, failure mix and response times), the server is started on it,
 * and each query is timed through the HTTP API: once cold, then {@code analysis.repeats} (5) times. Each answer's
 * attempts are checked against what was generated. Then the server is started again with the day zone
 * Asia/Shanghai: how long it takes to make the per-day rows again is read from its log, and Shanghai days are timed.
 * {@code ./mvnw -Pbench -Dbench.main=dev.merchantnotify.bench.AnalysisBench verify}; results in
 * {@code target/analysis-bench/results.md}.
 */
public final class AnalysisBench {

    private static final String EVENT = "payment.success";
    private static final String ROLLUP_COLUMNS = "bucket, merchant, destination_key, channel, event, failure_kind, "
            + "status, " + AttemptTally.COLUMNS;
    private static final String PLATFORM_COLUMNS = "bucket, channel, event, failure_kind, status, "
            + AttemptTally.COLUMNS;
    private static final String[] FAILURES = {"timeout", "http_status", "connect", "wrong_body"};
    private static final int[] FAILURE_STATUS = {0, 500, 0, 200};
    private static final Pattern ATTEMPTS = Pattern.compile("\"attempts\":(\\d+)");

    private final int merchants = Integer.getInteger("analysis.merchants", 1_000);
    private final int days = Integer.getInteger("analysis.days", 365);
    private final int repeats = Integer.getInteger("analysis.repeats", 5);
    private final List<String> databases = List.of(System.getProperty("bench.db", "h2,postgres").split(","));
    private final String pgAdminUrl = System.getProperty("bench.pg.admin-url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private final String pgUser = System.getProperty("bench.pg.user", "postgres");
    private final String pgDatabase = System.getProperty("bench.pg.database", "merchant_notify_bench");
    private final Path wlp = Path.of("target/liberty/wlp");
    private final Path out = Path.of("target/analysis-bench");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> table = new ArrayList<>();

    /** The end of the generated history: the start of the current hour; it starts a day before the year asked. */
    private final Instant end = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final Instant start = end.minus(days + 1, ChronoUnit.DAYS);
    private long generatedAttempts;
    private long dayRows;
    private String busiest;
    private final Map<String, Long> attemptsOf = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        boolean passed = new AnalysisBench().run();
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        table.add("| database | query | rollup rows read | cold ms | median ms | max ms | answer checked |");
        table.add("|---|---|---:|---:|---:|---:|---|");
        boolean passed = true;
        for (String db : databases) {
            passed &= measure(db.trim());
        }
        String header = String.format("Analysis over %d days of rollups for %,d merchants (%,d attempts), "
                + "%s, %d cores, commit %s", days, merchants, generatedAttempts, Instant.now().truncatedTo(
                ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(), Bench.commit());
        StringBuilder text = new StringBuilder(header).append("\n\n");
        table.forEach(line -> text.append(line).append('\n'));
        Files.writeString(out.resolve("results.md"), text);
        System.out.println();
        System.out.print(text);
        return passed;
    }

    private boolean measure(String db) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", String.valueOf(Bench.SERVER_PORT));
        env.put("HTTPS_PORT", String.valueOf(Bench.SERVER_PORT + 1));
        env.put("DB_TYPE", "h2".equals(db) ? "h2" : "postgres");
        String jdbcUrl;
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, env);
        server.wipeData();
        if ("h2".equals(db)) {
            jdbcUrl = "jdbc:h2:file:" + wlp.resolve("usr/servers").resolve(BenchServer.NAME)
                    .resolve("data/h2/merchant-notify").toAbsolutePath();
        } else {
            env.put("PG_HOST", "127.0.0.1");
            env.put("PG_PORT", "5432");
            env.put("PG_DB", pgDatabase);
            env.put("PG_USER", pgUser);
            env.put("PG_PASSWORD", "");
            jdbcUrl = Bench.freshPostgres(pgAdminUrl, pgUser, pgDatabase) + "?reWriteBatchedInserts=true";
        }
        long rows = generate(db, jdbcUrl);
        boolean passed = true;
        try {
            server.start(Map.of());
            // whole UTC days, the last one yesterday (a date as the end includes that day)
            LocalDate first = start.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
            LocalDate last = end.atZone(ZoneOffset.UTC).toLocalDate();
            String span = days == 365 ? "one year" : days + " days";
            String year = "start_time=" + first + "&end_time=" + last.minusDays(1) + "&granularity=day";
            long inYear = attemptsBetween(first, last);
            String busy = busiest;
            long merchantInYear = attemptsOf.get(busy + "/" + first + "/" + last);
            passed &= time(db, "platform, " + span + " by day", "analysis?" + year, "platform days", inYear);
            passed &= time(db, "platform, " + span + " by day in Asia/Shanghai (not the day zone)",
                    "analysis?start_time=" + first + "T00:00:00Z&end_time=" + last + "T00:00:00Z&granularity=day"
                            + "&time_zone=Asia/Shanghai", "platform hours", inYear);
            passed &= time(db, "one merchant, " + span + " by day", "analysis?" + year + "&merchant=" + busy,
                    "its days", merchantInYear);
            passed &= time(db, "by failure kind, " + span + " by day", "analysis?" + year + "&group_by=failure_kind",
                    "platform days", inYear);
            String days = String.format("%,d merchant days", dayRows);
            passed &= time(db, "by merchant (10 busiest), " + span + " by day", "analysis?" + year
                    + "&group_by=merchant", days, inYear);
            String top = "analysis/top?start_time=" + first + "&end_time=" + last.minusDays(1);
            passed &= time(db, "worst 10 merchants by success rate, " + span, top + "&rank=success_rate", days, -1);
            passed &= time(db, "worst 10 merchants by p99, " + span, top + "&rank=p99", days, -1);
            passed &= time(db, "failure reasons, " + span, top + "&rank=failure_reasons", "platform days", -1);
            passed &= time(db, "platform forecast (28 days of hours)", "analysis/forecast", "672 platform hours",
                    -1);

            // Another day zone: the server started with it makes the per-day rows again (timed), then Shanghai days
            // read them.
            server.stop();
            long began = System.nanoTime();
            server.start(Map.of("NOTIFY_ANALYSIS_DAY_ZONE", "Asia/Shanghai"));
            long took = waitForDayZone("Asia/Shanghai");
            table.add(String.format("| %s | day zone changed to Asia/Shanghai: per-day rows made again | every "
                    + "hour row | %d | | | once, at start-up |", db, took));
            Bench.log("%s: per-day rows made again for Asia/Shanghai %.0f s after the start began", db,
                    (System.nanoTime() - began) / 1e9);
            String shanghai = "analysis?start_time=" + first + "T00:00:00Z&end_time=" + last + "T00:00:00Z"
                    + "&granularity=day&time_zone=Asia/Shanghai";
            passed &= time(db, "platform, " + span + " by day in Asia/Shanghai (the day zone)", shanghai,
                    "platform days", inYear);
            passed &= time(db, "by merchant (10 busiest), " + span + " by day in Asia/Shanghai (the day zone)",
                    shanghai + "&group_by=merchant", "merchant days", inYear);
        } finally {
            server.close();
        }
        return passed;
    }

    /**
     * Waits until the server's log says it made the per-day rows again for {@code zone} (see the compactor); answers
     * how long that took, as the log says (ms).
     */
    private long waitForDayZone(String zone) throws Exception {
        Path log = wlp.resolve("usr/servers").resolve(BenchServer.NAME).resolve("logs/messages.log");
        Pattern made = Pattern.compile("notify\\.analysis\\.day-zone is " + Pattern.quote(zone)
                + ": made (\\d+) days again from the per-hour rollups in ([0-9.]+) s");
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher found = made.matcher(Files.readString(log));
            if (found.find()) {
                return Math.round(Double.parseDouble(found.group(2)) * 1000);
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("the per-day rows were not made again for " + zone + " in 30 minutes; see "
                + log);
    }

    // the user and password the server's H2 data source uses (an H2 file belongs to the user that made it)
    private String user(String db) {
        return "h2".equals(db) ? "merchant_notify" : pgUser;
    }

    private static String password(String db) {
        return "h2".equals(db) ? "merchant_notify" : "";
    }

    private long attemptsBetween(LocalDate first, LocalDate last) {
        return attemptsOf.get("platform/" + first + "/" + last);
    }

    /**
     * Times one API call: once cold, then {@link #repeats} times; checks the answer's total attempts when
     * {@code expected} is not negative.
     */
    private boolean time(String db, String what, String path, String read, long expected) throws Exception {
        long cold = call(path, expected);
        long[] warm = new long[repeats];
        for (int i = 0; i < repeats; i++) {
            warm[i] = call(path, expected);
        }
        Arrays.sort(warm);
        long median = warm[repeats / 2];
        table.add(String.format("| %s | %s | %s | %d | %d | %d | %s |", db, what, read, cold, median,
                warm[repeats - 1], expected < 0 ? "answered" : String.format("%,d attempts", expected)));
        Bench.log("%s: %s: cold %d ms, median %d ms", db, what, cold, median);
        return true;
    }

    private long call(String path, long expected) throws Exception {
        long began = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + Bench.SERVER_PORT + "/admin/merchant-notify/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (BenchServer.ADMIN + ":" + BenchServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - began) / 1_000_000;
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        if (expected >= 0) {
            // the first attempts after "total" are the whole range's
            Matcher attempts = ATTEMPTS.matcher(answer.body());
            int total = answer.body().indexOf("\"total\":");
            long got = total >= 0 && attempts.find(total) ? Long.parseLong(attempts.group(1)) : -1;
            if (got != expected) {
                throw new IllegalStateException(path + ": " + got + " attempts, " + expected + " generated");
            }
        }
        return millis;
    }

    /**
     * Generates the year straight into the database (schema by the application's own migrations): per merchant and
     * hour a row of its successes and one per failure kind that occurred, and the platform's rows; returns how many
     * merchant rows.
     */
    private long generate(String db, String jdbcUrl) throws SQLException {
        long began = System.nanoTime();
        generatedAttempts = 0;
        attemptsOf.clear();
        String user = user(db);
        String password = password(db);
        Flyway.configure().dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration").table("merchant_notify_schema_history").load().migrate();
        Merchant[] all = new Merchant[merchants];
        SplittableRandom random = new SplittableRandom(24);
        for (int m = 0; m < merchants; m++) {
            all[m] = new Merchant(m, random.split());
        }
        LocalDate first = start.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        LocalDate last = end.atZone(ZoneOffset.UTC).toLocalDate();
        Instant countFrom = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant countTo = last.atStartOfDay(ZoneOffset.UTC).toInstant();
        long rows = 0;
        dayRows = 0;
        long platformInRange = 0;
        long[] merchantInRange = new long[merchants];
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            connection.setAutoCommit(false);
            try (PreparedStatement hourInsert = connection.prepareStatement("INSERT INTO analysis_hour ("
                    + ROLLUP_COLUMNS + ") VALUES (" + marks(7 + AttemptTally.WIDTH) + ")");
                 PreparedStatement platformInsert = connection.prepareStatement("INSERT INTO analysis_hour_platform ("
                         + PLATFORM_COLUMNS + ") VALUES (" + marks(5 + AttemptTally.WIDTH) + ")");
                 PreparedStatement dayInsert = connection.prepareStatement("INSERT INTO analysis_day_merchant ("
                         + "bucket, merchant, " + AttemptTally.COLUMNS + ") VALUES ("
                         + marks(2 + AttemptTally.WIDTH) + ")");
                 PreparedStatement platformDayInsert = connection.prepareStatement("INSERT INTO "
                         + "analysis_day_platform (" + PLATFORM_COLUMNS + ") VALUES ("
                         + marks(5 + AttemptTally.WIDTH) + ")")) {
                int batched = 0;
                AttemptTally[] days = new AttemptTally[merchants];
                AttemptTally[] platformDay = new AttemptTally[FAILURES.length + 1];
                for (Instant hour = start; hour.isBefore(end); hour = hour.plus(1, ChronoUnit.HOURS)) {
                    Timestamp bucket = Timestamp.valueOf(hour.atZone(ZoneOffset.UTC).toLocalDateTime());
                    if (hour.equals(hour.truncatedTo(ChronoUnit.DAYS)) && !hour.equals(start)) {
                        dayRows += insertDays(dayInsert, all, days, hour.minus(1, ChronoUnit.DAYS));
                        insertPlatform(platformDayInsert, platformDay, hour.minus(1, ChronoUnit.DAYS));
                    }
                    boolean counted = !hour.isBefore(countFrom) && hour.isBefore(countTo);
                    double rhythm = rhythm(hour);
                    AttemptTally[] platform = new AttemptTally[FAILURES.length + 1];
                    for (Merchant merchant : all) {
                        AttemptTally[] tallies = merchant.hour(rhythm);
                        for (int k = 0; k < tallies.length; k++) {
                            AttemptTally tally = tallies[k];
                            if (tally == null) {
                                continue;
                            }
                            if (counted) {
                                platformInRange += tally.attempts();
                                merchantInRange[merchant.index] += tally.attempts();
                            }
                            platform[k] = platform[k] == null ? new AttemptTally().add(tally) : platform[k].add(tally);
                            days[merchant.index] = days[merchant.index] == null ? new AttemptTally().add(tally)
                                    : days[merchant.index].add(tally);
                            hourInsert.setTimestamp(1, bucket);
                            hourInsert.setString(2, merchant.merchantNo);
                            hourInsert.setString(3, merchant.destinationKey);
                            hourInsert.setString(4, "http");
                            hourInsert.setString(5, EVENT);
                            hourInsert.setString(6, k == 0 ? "" : FAILURES[k - 1]);
                            hourInsert.setInt(7, k == 0 ? 200 : FAILURE_STATUS[k - 1]);
                            tally.bind(hourInsert, 8);
                            hourInsert.addBatch();
                            rows++;
                            if (++batched == 5_000) {
                                hourInsert.executeBatch();
                                connection.commit();
                                batched = 0;
                            }
                        }
                    }
                    for (int k = 0; k < platform.length; k++) {
                        if (platform[k] != null) {
                            generatedAttempts += platform[k].attempts();
                            platformDay[k] = platformDay[k] == null ? new AttemptTally().add(platform[k])
                                    : platformDay[k].add(platform[k]);
                        }
                    }
                    insertPlatform(platformInsert, platform, hour);
                }
                hourInsert.executeBatch();
                Instant lastDay = end.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.DAYS);
                dayRows += insertDays(dayInsert, all, days, lastDay);
                insertPlatform(platformDayInsert, platformDay, lastDay);
                connection.commit();
            }
            if (!"h2".equals(db)) {
                try (var analyze = connection.createStatement()) {
                    connection.setAutoCommit(true);
                    analyze.execute("VACUUM ANALYZE analysis_hour");
                    analyze.execute("VACUUM ANALYZE analysis_hour_platform");
                    analyze.execute("VACUUM ANALYZE analysis_day_merchant");
                    analyze.execute("VACUUM ANALYZE analysis_day_platform");
                }
            }
        }
        attemptsOf.put("platform/" + first + "/" + last, platformInRange);
        busiest = all[0].merchantNo;
        for (Merchant merchant : all) {
            attemptsOf.put(merchant.merchantNo + "/" + first + "/" + last, merchantInRange[merchant.index]);
            if (merchantInRange[merchant.index] > attemptsOf.get(busiest + "/" + first + "/" + last)) {
                busiest = merchant.merchantNo;
            }
        }
        Bench.log("%s: generated %,d merchant hour rows, %,d merchant day rows (%,d attempts) in %.0f s", db, rows,
                dayRows, generatedAttempts, (System.nanoTime() - began) / 1e9);
        return rows;
    }

    /** Inserts and clears the platform's tallies (one per failure kind) of the hour or UTC day starting at {@code at}. */
    private static void insertPlatform(PreparedStatement insert, AttemptTally[] tallies, Instant at)
            throws SQLException {
        for (int k = 0; k < tallies.length; k++) {
            if (tallies[k] != null) {
                insert.setTimestamp(1, Timestamp.valueOf(at.atZone(ZoneOffset.UTC).toLocalDateTime()));
                insert.setString(2, "http");
                insert.setString(3, EVENT);
                insert.setString(4, k == 0 ? "" : FAILURES[k - 1]);
                insert.setInt(5, k == 0 ? 200 : FAILURE_STATUS[k - 1]);
                tallies[k].bind(insert, 6);
                insert.addBatch();
                tallies[k] = null;
            }
        }
        insert.executeBatch();
    }

    /** Inserts and clears each merchant's tally of the UTC day starting at {@code day}; answers how many rows. */
    private static int insertDays(PreparedStatement insert, Merchant[] all, AttemptTally[] days, Instant day)
            throws SQLException {
        int rows = 0;
        for (Merchant merchant : all) {
            AttemptTally tally = days[merchant.index];
            if (tally != null) {
                insert.setTimestamp(1, Timestamp.valueOf(day.atZone(ZoneOffset.UTC).toLocalDateTime()));
                insert.setString(2, merchant.merchantNo);
                tally.bind(insert, 3);
                insert.addBatch();
                rows++;
                days[merchant.index] = null;
            }
        }
        insert.executeBatch();
        return rows;
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** How busy an hour is, relative to the mean: a daily rhythm (busy evenings, quiet nights) and busier weekends. */
    private static double rhythm(Instant hour) {
        var at = hour.atZone(ZoneOffset.ofHours(8));
        double daily = 1 + 0.8 * Math.sin((at.getHour() - 8) * Math.PI / 12);
        double weekly = at.getDayOfWeek().getValue() >= 6 ? 1.3 : 0.9;
        return Math.max(0.05, daily) * weekly;
    }

    /** One generated merchant: its volume, success rate, failure mix and response times. */
    private static final class Merchant {
        final int index;
        final String merchantNo;
        final String destinationKey;
        private final SplittableRandom random;
        private final double perHour;
        private final double failureRate;
        private final double[] failureMix = new double[FAILURES.length];
        private final double medianMillis;

        Merchant(int index, SplittableRandom random) {
            this.index = index;
            this.random = random;
            merchantNo = "M" + (10_000 + index);
            destinationKey = String.format("%016x", 0x5eed0000L + index);
            // a few big merchants, many small ones: 2 to about 60 attempts an hour
            perHour = 2 + 58 * Math.pow(random.nextDouble(), 3);
            // one in ten merchants fails a lot (5 to 35 %), the others rarely (0.2 to 2.2 %)
            failureRate = random.nextDouble() < 0.1 ? 0.05 + 0.3 * random.nextDouble()
                    : 0.002 + 0.02 * random.nextDouble();
            double sum = 0;
            for (int k = 0; k < failureMix.length; k++) {
                failureMix[k] = random.nextDouble() * (k == 0 ? 3 : 1);
                sum += failureMix[k];
            }
            for (int k = 0; k < failureMix.length; k++) {
                failureMix[k] /= sum;
            }
            medianMillis = 15 + 400 * Math.pow(random.nextDouble(), 2);
        }

        /** This merchant's attempts in one hour: index 0 its successes, then one per failure kind (null if none). */
        AttemptTally[] hour(double rhythm) {
            AttemptTally[] tallies = new AttemptTally[FAILURES.length + 1];
            long attempts = Math.max(1, Math.round(perHour * rhythm * (0.8 + 0.4 * random.nextDouble())));
            for (long i = 0; i < attempts; i++) {
                int kind = 0;
                if (random.nextDouble() < failureRate) {
                    double pick = random.nextDouble();
                    kind = 1;
                    for (int k = 0; k < failureMix.length - 1 && pick > failureMix[k]; k++) {
                        pick -= failureMix[k];
                        kind = k + 2;
                    }
                }
                long millis = kind == 1 ? 10_000 : Math.round(medianMillis * Math.exp(0.6 * random.nextGaussian()));
                int attemptNo = random.nextDouble() < 0.9 ? 1 : 2;
                if (tallies[kind] == null) {
                    tallies[kind] = new AttemptTally();
                }
                tallies[kind].add(attemptNo, kind == 0, kind == 0 ? null : FAILURES[kind - 1],
                        kind == 0 ? 200 : FAILURE_STATUS[kind - 1], millis);
            }
            return tallies;
        }
    }
}
