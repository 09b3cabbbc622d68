package dev.merchantnotify.deliverylog;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Times are stored as UTC wall-clock {@code TIMESTAMP} columns (portable across H2 and PostgreSQL, independent of the
 * server's and the database's time zones) and handled as {@link Instant} everywhere else.
 */
public final class UtcTime {

    private UtcTime() {
    }

    public static LocalDateTime toColumn(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant fromColumn(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
