package dev.merchantnotify.analysis;

import dev.merchantnotify.deliverylog.AttemptTally;
import dev.merchantnotify.deliverylog.UtcTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The per-day rollups' days (V13): the days of a business zone ({@code notify.analysis.day-zone}), recorded in
 * {@code analysis_day_zone}. A zone whose offset is always a whole number of hours, so that each of its days is a run
 * of whole UTC hours: the per-hour rows fill its days exactly, and a range's hours outside its whole days come from
 * them.
 */
final class DayRollups {

    private static final Logger LOG = Logger.getLogger(DayRollups.class.getName());
    /** Offsets before this are history no rollup reaches (local mean times of the 19th century, wartime zones). */
    private static final Instant CHECKED_FROM = Instant.parse("1990-01-01T00:00:00Z");
    private static final String READ = "SELECT zone FROM analysis_day_zone WHERE id = 1";
    private static final String RECORD = "UPDATE analysis_day_zone SET zone = ? WHERE id = 1";
    private static final String SPAN = "SELECT MIN(bucket), MAX(bucket) FROM analysis_hour_platform";
    private static final String FILL_MERCHANT = "INSERT INTO analysis_day_merchant (bucket, merchant, "
            + AttemptTally.COLUMNS + ") SELECT ?, merchant, " + AttemptTally.SUMS
            + " FROM analysis_hour WHERE bucket >= ? AND bucket < ? GROUP BY merchant";
    private static final String FILL_PLATFORM = "INSERT INTO analysis_day_platform (bucket, channel, event, "
            + "failure_kind, status, " + AttemptTally.COLUMNS + ") SELECT ?, channel, event, failure_kind, status, "
            + AttemptTally.SUMS + " FROM analysis_hour_platform WHERE bucket >= ? AND bucket < ? "
            + "GROUP BY channel, event, failure_kind, status";

    private DayRollups() {
    }

    /** The setting's zone, refused unless it is a zone id whose offset (since 1990) is always whole hours. */
    static ZoneId zone(String setting) {
        String rule = ": it must be a time zone id (UTC, Asia/Shanghai, +08:00) whose offset is a whole number of "
                + "hours";
        ZoneId zone;
        try {
            zone = ZoneId.of(setting == null ? "" : setting.trim());
        } catch (DateTimeException e) {
            throw new IllegalStateException("Invalid setting notify.analysis.day-zone=" + setting + rule);
        }
        if (!wholeHours(zone.getRules())) {
            throw new IllegalStateException("Invalid setting notify.analysis.day-zone=" + setting + rule
                    + " (its days do not start on a whole UTC hour)");
        }
        return zone;
    }

    private static boolean wholeHours(ZoneRules rules) {
        if (rules.getOffset(CHECKED_FROM).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        for (ZoneOffsetTransition transition : rules.getTransitions()) {
            if (transition.getInstant().isAfter(CHECKED_FROM)
                    && transition.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
        }
        for (ZoneOffsetTransitionRule rule : rules.getTransitionRules()) {
            if (rule.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
        }
        return true;
    }

    /** The zone the per-day rows are kept in, as recorded (null: none recorded). */
    static ZoneId stored(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(READ); ResultSet row = read.executeQuery()) {
            return row.next() ? ZoneId.of(row.getString(1)) : null;
        }
    }

    /**
     * Makes the per-day rows again for the days of {@code zone}, from the per-hour rollups, and records the zone; in
     * the caller's transaction, which holds the compactor's lock (the deltas not moved yet are added as they move).
     */
    static void rebuild(Connection connection, ZoneId from, ZoneId zone) throws SQLException {
        long began = System.nanoTime();
        try (var clear = connection.createStatement()) {
            clear.executeUpdate("DELETE FROM analysis_day_merchant");
            clear.executeUpdate("DELETE FROM analysis_day_platform");
        }
        int days = 0;
        Instant first = null;
        Instant last = null;
        try (PreparedStatement span = connection.prepareStatement(SPAN); ResultSet row = span.executeQuery()) {
            if (row.next()) {
                first = UtcTime.fromColumn(row.getObject(1, LocalDateTime.class));
                last = UtcTime.fromColumn(row.getObject(2, LocalDateTime.class));
            }
        }
        if (first != null) {
            try (PreparedStatement merchant = connection.prepareStatement(FILL_MERCHANT);
                 PreparedStatement platform = connection.prepareStatement(FILL_PLATFORM)) {
                for (Instant day = floor(first, zone); !day.isAfter(last); day = next(day, zone)) {
                    for (PreparedStatement fill : new PreparedStatement[] {merchant, platform}) {
                        fill.setObject(1, UtcTime.toColumn(day));
                        fill.setObject(2, UtcTime.toColumn(day));
                        fill.setObject(3, UtcTime.toColumn(next(day, zone)));
                        fill.executeUpdate();
                    }
                    days++;
                }
            }
        }
        try (PreparedStatement record = connection.prepareStatement(RECORD)) {
            record.setString(1, zone.getId());
            record.executeUpdate();
        }
        LOG.warning(String.format(Locale.ROOT, "The per-day analysis rollups were kept in %s and "
                + "notify.analysis.day-zone is %s: "
                + "made %d days again from the per-hour rollups in %.1f s (every node must have the same day zone)",
                from == null ? "no zone" : from.getId(), zone.getId(), days, (System.nanoTime() - began) / 1e9));
    }

    /** The start of the day of {@code zone} that {@code instant} falls in. */
    static Instant floor(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    /** The start of the day of {@code zone} after the one starting at {@code day}. */
    static Instant next(Instant day, ZoneId zone) {
        return day.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The first start of a day of {@code zone} at or after {@code instant}. */
    static Instant ceil(Instant instant, ZoneId zone) {
        Instant floor = floor(instant, zone);
        return floor.equals(instant) ? floor : next(floor, zone);
    }

    /** Whether {@code a} and {@code b} have the same offset all through {@code [from, to)}: the same days there. */
    static boolean sameDays(ZoneId a, ZoneId b, Instant from, Instant to) {
        ZoneRules first = a.getRules();
        ZoneRules second = b.getRules();
        if (first.equals(second)) {
            return true;
        }
        Instant at = from;
        while (at.isBefore(to)) {
            if (!first.getOffset(at).equals(second.getOffset(at))) {
                return false;
            }
            Instant next = earlier(first.nextTransition(at), second.nextTransition(at));
            if (next == null) {
                return true;
            }
            at = next;
        }
        return true;
    }

    private static Instant earlier(ZoneOffsetTransition a, ZoneOffsetTransition b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? null : b.getInstant()) : a.getInstant();
        }
        return a.getInstant().isBefore(b.getInstant()) ? a.getInstant() : b.getInstant();
    }
}
