package dev.merchantnotify.deliverylog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Delivery figures over a time range, per UTC day: two grouped queries (notifications by {@code created_at}, attempts
 * by {@code started_at}), both served by their time index. A broadcast counts as one notification (its copies are not
 * counted again); its copies' attempts are attempts.
 */
@ApplicationScoped
public class DeliveryStats {

    /** The figures of a range: its totals and one entry per day, days without activity included. */
    public record Report(Instant from, Instant to, Figures total, List<Figures> days) {
    }

    private static final String NOTIFICATIONS = "SELECT CAST(created_at AS DATE), COUNT(*), "
            + "SUM(CASE WHEN status = 'SUCCESS' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END), SUM(CASE WHEN attempts > 1 THEN 1 ELSE 0 END) "
            + "FROM notification WHERE created_at >= ? AND created_at < ? AND parent_id IS NULL "
            + "GROUP BY CAST(created_at AS DATE)";
    /** A range longer than this lists its days from the log's first one only. */
    static final int LISTED_DAYS = 366;
    private static final String EARLIEST_NOTIFICATION = "SELECT MIN(created_at) FROM notification";
    private static final String EARLIEST_ATTEMPT = "SELECT MIN(started_at) FROM delivery_attempt";
    private static final String ATTEMPTS = "SELECT CAST(started_at AS DATE), COUNT(*), "
            + "SUM(CASE WHEN success THEN 0 ELSE 1 END), SUM(duration_ms) "
            + "FROM delivery_attempt WHERE started_at >= ? AND started_at < ? GROUP BY CAST(started_at AS DATE)";

    /**
     * The attempts of a recent window: how many, how many succeeded, how many got no usable answer (no connection, a
     * timeout, a broken exchange, or HTTP 5xx), and their summed duration.
     */
    public record Recent(long attempts, long successes, long errors, long totalMillis) {

        /** Successful attempts, in percent; null without attempts. */
        public Double successRate() {
            return attempts == 0 ? null : 100.0 * successes / attempts;
        }

        /** Attempts that got no usable answer, in percent; null without attempts. */
        public Double errorRate() {
            return attempts == 0 ? null : 100.0 * errors / attempts;
        }

        /** Mean duration of an attempt in ms; null without attempts. */
        public Long meanMillis() {
            return attempts == 0 ? null : totalMillis / attempts;
        }
    }

    private static final String RECENT = "SELECT COUNT(*), SUM(CASE WHEN success THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN error_kind IN ('connect', 'timeout', 'network', 'no_session') OR http_status >= 500 THEN 1 ELSE 0 END), "
            + "SUM(duration_ms) FROM delivery_attempt WHERE started_at >= ?";

    /** The attempts started in one minute (UTC): how many, how many succeeded, their summed duration. */
    public record Minute(Instant start, long attempts, long successes, long totalMillis) {

        /** Mean duration of an attempt in ms; 0 without attempts. */
        public long meanMillis() {
            return attempts == 0 ? 0 : totalMillis / attempts;
        }
    }

    private static final String PER_MINUTE = "SELECT EXTRACT(HOUR FROM started_at), EXTRACT(MINUTE FROM started_at), "
            + "COUNT(*), SUM(CASE WHEN success THEN 1 ELSE 0 END), SUM(duration_ms) FROM delivery_attempt "
            + "WHERE started_at >= ? GROUP BY EXTRACT(HOUR FROM started_at), EXTRACT(MINUTE FROM started_at)";

    /** The primary: what alerting reads ({@link #since}) must be now, not a replica's lag behind. */
    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    /** What people read (figures, the console's minutes): the read replica when PG_READ_HOST names one. */
    @Resource(lookup = "jdbc/merchantNotifyRead")
    DataSource readSource;

    /**
     * The attempts of the last {@code minutes} minutes up to {@code now}, one entry per minute, oldest first, minutes
     * without attempts included: one grouped query on the attempts' time index (hour and minute identify a minute
     * within the last hour, so at most 60 minutes are asked for).
     */
    public List<Minute> perMinute(Instant now, int minutes) {
        if (minutes < 1 || minutes > 60) {
            throw new IllegalArgumentException("minutes " + minutes + " (1 to 60)");
        }
        Instant last = now.truncatedTo(ChronoUnit.MINUTES);
        Instant first = last.minusSeconds(60L * (minutes - 1));
        // The minutes asked for, keyed by their minute of the day (unique within the last hour), in order.
        Map<Integer, Minute> byMinuteOfDay = new LinkedHashMap<>();
        for (Instant minute = first; !minute.isAfter(last); minute = minute.plusSeconds(60)) {
            byMinuteOfDay.put(minuteOfDay(minute), new Minute(minute, 0, 0, 0));
        }
        try (Connection connection = readSource.getConnection();
             PreparedStatement select = connection.prepareStatement(PER_MINUTE)) {
            select.setObject(1, UtcTime.toColumn(first));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    int key = result.getInt(1) * 60 + result.getInt(2);
                    Minute empty = byMinuteOfDay.get(key);
                    if (empty != null) {
                        byMinuteOfDay.put(key, new Minute(empty.start(), result.getLong(3), result.getLong(4),
                                result.getLong(5)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("computing the per-minute delivery figures failed", e);
        }
        return new ArrayList<>(byMinuteOfDay.values());
    }

    /**
     * Figures for {@code [from, to)}, any span. Every day of the range is listed, except, in a range of more than
     * {@link #LISTED_DAYS} days, the days before the log's first notification or attempt.
     */
    public Report between(Instant from, Instant to) {
        Map<LocalDate, Figures> days = new TreeMap<>();
        LocalDate last = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
        try (Connection connection = readSource.getConnection()) {
            LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
            if (ChronoUnit.DAYS.between(first, last) >= LISTED_DAYS) {
                first = later(first, earliestDay(connection), last.plusDays(1));
            }
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                days.put(day, Figures.empty(day));
            }
            query(connection, NOTIFICATIONS, from, to, (day, result) -> days.merge(day, new Figures(day,
                    result.getLong(2), result.getLong(3), result.getLong(4), result.getLong(5), result.getLong(6),
                    0, 0, 0), (a, b) -> a.plus(b, day)));
            query(connection, ATTEMPTS, from, to, (day, result) -> days.merge(day, new Figures(day, 0, 0, 0, 0, 0,
                    result.getLong(2), result.getLong(3), result.getLong(4)), (a, b) -> a.plus(b, day)));
        } catch (SQLException e) {
            throw new DeliveryLogException("computing delivery figures failed", e);
        }
        Figures total = Figures.empty(null);
        for (Figures day : days.values()) {
            total = total.plus(day, null);
        }
        return new Report(from, to, total, new ArrayList<>(days.values()));
    }

    /** The attempts started since {@code since}: one query on the attempts' time index. */
    public Recent since(Instant since) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(RECENT)) {
            select.setObject(1, UtcTime.toColumn(since));
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return new Recent(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4));
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("computing the recent delivery figures failed", e);
        }
    }

    /** The later of {@code day} and {@code earliest}; {@code none} when there is no earliest. */
    private static LocalDate later(LocalDate day, LocalDate earliest, LocalDate none) {
        if (earliest == null) {
            return none;
        }
        return earliest.isAfter(day) ? earliest : day;
    }

    /** The UTC day of the log's first notification or attempt; null for an empty log. */
    private static LocalDate earliestDay(Connection connection) throws SQLException {
        LocalDate earliest = null;
        for (String sql : new String[] {EARLIEST_NOTIFICATION, EARLIEST_ATTEMPT}) {
            try (PreparedStatement select = connection.prepareStatement(sql);
                 ResultSet result = select.executeQuery()) {
                if (result.next() && result.getObject(1) != null) {
                    LocalDate day = result.getObject(1, java.time.LocalDateTime.class).toLocalDate();
                    earliest = earliest == null || day.isBefore(earliest) ? day : earliest;
                }
            }
        }
        return earliest;
    }

    private static int minuteOfDay(Instant instant) {
        var time = instant.atOffset(ZoneOffset.UTC);
        return time.getHour() * 60 + time.getMinute();
    }

    @FunctionalInterface
    private interface DayRow {
        void accept(LocalDate day, ResultSet result) throws SQLException;
    }

    private static void query(Connection connection, String sql, Instant from, Instant to, DayRow row)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, UtcTime.toColumn(from));
            select.setObject(2, UtcTime.toColumn(to));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    row.accept(result.getObject(1, LocalDate.class), result);
                }
            }
        }
    }
}
