package dev.merchantnotify.admin;

import dev.merchantnotify.platform.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [from, to)} range of {@code stats}, from {@code start_time} and {@code end_time}: each a date
 * ({@code 2025-01-31}) or a date-time ({@code 2025-01-31T18:00:00}, {@code 2025-01-31 18:00}, optionally with
 * {@code Z} or an offset), UTC (or the asked time zone) unless an offset is given. A date as the end includes that
 * whole day. Without an end, now; without a start, 7 days (or the given span) before the end. Any span. {@link #parse(String, String, boolean)} reads one instant in the same
 * forms (recover's {@code since} and {@code until}).
 */
record TimeRange(Instant from, Instant to) {

    static final Duration DEFAULT_SPAN = Duration.ofDays(7);

    /** A date, then optionally a time (T or a space), then optionally Z or an offset (a '+' may arrive as a space). */
    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?(Z|[+\\- ]\\d{2}:\\d{2})?");

    static TimeRange parse(String start, String end, Instant now) {
        return parse(start, end, now, ZoneOffset.UTC, DEFAULT_SPAN);
    }

    /**
     * The range in {@code zone}: a date or a date-time without an offset is read in that zone. Without a start,
     * {@code span} before the end.
     */
    static TimeRange parse(String start, String end, Instant now, ZoneId zone, Duration span) {
        Instant to = blank(end) ? now : parse("end_time", end, true, zone);
        Instant from = blank(start) ? to.minus(span) : parse("start_time", start, false, zone);
        if (from.isAfter(to)) {
            throw ApiException.badRequest("start_time (" + from + ") is after end_time (" + to + ")");
        }
        return new TimeRange(from, to);
    }

    /**
     * One instant in the same forms, refused with a message naming {@code name}; a date as an end ({@code isEnd}) is
     * the end of that day.
     */
    static Instant parse(String name, String value, boolean isEnd) {
        return parse(name, value, isEnd, ZoneOffset.UTC);
    }

    private static Instant parse(String name, String value, boolean isEnd, ZoneId zone) {
        Matcher m = FORMAT.matcher(value.trim());
        try {
            if (m.matches()) {
                LocalDate date = LocalDate.parse(m.group(1));
                if (m.group(2) == null) {
                    if (m.group(3) != null) {
                        throw new DateTimeParseException("offset without a time", value, 0);
                    }
                    return (isEnd ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
                }
                LocalDateTime time = LocalDateTime.of(date, java.time.LocalTime.parse(m.group(2)));
                String offset = m.group(3);
                if (offset == null) {
                    return time.atZone(zone).toInstant();
                }
                return time.toInstant(offset.equals("Z") ? ZoneOffset.UTC
                        : ZoneOffset.of(offset.startsWith(" ") ? "+" + offset.substring(1) : offset));
            }
        } catch (DateTimeParseException e) {
            // refused below, with the accepted forms
        }
        throw ApiException.badRequest(name + " must be a date (2025-01-31) or a date-time (2025-01-31T18:00:00, "
                + "optionally with Z or an offset such as +08:00), not " + ApiException.quote(value));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
