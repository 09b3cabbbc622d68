package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;

/**
 * What a measured phase asked of the shared parts, for the capacity model: Redis commands (the sum of
 * {@code INFO commandstats} calls) and Redis bytes in and out ({@code INFO stats}), PostgreSQL commits, rows written and
 * WAL bytes ({@code pg_stat_database} for the run's database, {@code pg_stat_wal}; none on H2), and the bytes that
 * crossed the loopback interface ({@code /proc/net/dev}: producer, merchants, Redis and PostgreSQL together, since
 * everything runs on one machine). Counters are read at the start and at the end; the differences are divided by the
 * notifications of the phase.
 */
record Traffic(double redisCommands, double redisBytes, double pgCommits, double pgRows, double walBytes,
               double loopbackBytes) {

    private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

    /** Per notification: the differences between {@code start} and {@code end}, divided by {@code notifications}. */
    record Per(double redisCommands, double redisKb, double pgCommits, double pgRows, double walKb, double loopbackKb) {

        String cells() {
            return String.format(Locale.ROOT, "%.1f | %.2f | %s | %s | %s | %.1f", redisCommands, redisKb,
                    number(pgCommits, "%.2f"), number(pgRows, "%.2f"), number(walKb, "%.2f"), loopbackKb);
        }

        private static String number(double value, String format) {
            return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
        }
    }

    /**
     * The counters now: the Redis on {@code redisPort}, and PostgreSQL's database {@code pgDatabase} through
     * {@code pgUrl} ({@code null} on H2).
     */
    static Traffic take(int redisPort, String pgUrl, String pgUser, String pgDatabase) throws IOException {
        double commands = 0;
        double bytes;
        try (Jedis redis = new Jedis("127.0.0.1", redisPort)) {
            Matcher calls = CALLS.matcher(redis.info("commandstats"));
            while (calls.find()) {
                commands += Long.parseLong(calls.group(1));
            }
            String stats = redis.info("stats");
            bytes = Bench.infoNumber(stats, "total_net_input_bytes") + Bench.infoNumber(stats, "total_net_output_bytes");
        }
        double commits = Double.NaN;
        double rows = Double.NaN;
        double wal = Double.NaN;
        if (pgUrl != null) {
            try (Connection connection = DriverManager.getConnection(pgUrl, pgUser, "");
                 Statement sql = connection.createStatement()) {
                // The statistics collector's view of this transaction is a snapshot: take a fresh one.
                sql.execute("SELECT pg_stat_clear_snapshot()");
                try (var select = connection.prepareStatement("SELECT xact_commit, tup_inserted + tup_updated + "
                        + "tup_deleted FROM pg_stat_database WHERE datname = ?")) {
                    select.setString(1, pgDatabase);
                    try (ResultSet result = select.executeQuery()) {
                        result.next();
                        commits = result.getLong(1);
                        rows = result.getLong(2);
                    }
                }
                try (ResultSet result = sql.executeQuery("SELECT wal_bytes FROM pg_stat_wal")) {
                    result.next();
                    wal = result.getDouble(1);
                }
            } catch (SQLException e) {
                throw new IOException("reading PostgreSQL's statistics failed", e);
            }
        }
        return new Traffic(commands, bytes, commits, rows, wal, loopbackReceived());
    }

    Per until(Traffic end, long notifications) {
        double n = Math.max(1, notifications);
        return new Per((end.redisCommands - redisCommands) / n, (end.redisBytes - redisBytes) / n / 1024,
                (end.pgCommits - pgCommits) / n, (end.pgRows - pgRows) / n, (end.walBytes - walBytes) / n / 1024,
                (end.loopbackBytes - loopbackBytes) / n / 1024);
    }

    /** Bytes received on {@code lo} so far (on loopback every byte sent is received once). */
    private static double loopbackReceived() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/dev"));
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("lo:")) {
                return Double.parseDouble(trimmed.substring(3).trim().split("\\s+")[0]);
            }
        }
        return Double.NaN;
    }
}
