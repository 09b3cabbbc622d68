package dev.merchantnotify.admin;

import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.platform.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code [from, to)} range of {@code stats}, from {@code start_time} and {@code end_time}: each a date
 * ({@code 2025-01-31}) or a date-time ({@code 2025-01-31T18:00:00}, {@code 2025-01-31 18:00}, optionally with
 * {@code Z} or an offset), UTC unless an offset is given. A date as the end includes that whole day. Without an end,
 * now; without a start, 7 days before the end. {@link #parse(String, String, boolean)} reads one instant in the same
 * forms (recover's {@code since} and {@code until}).
 */
record TimeRange(Instant from, Instant to) {

    static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    static final Duration MAX_SPAN = OperatorQueries.MAX_STATS_SPAN;

    /** A date, then optionally a time (T or a space), then optionally Z or an offset (a '+' may arrive as a space). */
    private static final Pattern FORMAT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?))?(Z|[+\\- ]\\d{2}:\\d{2})?");

    static TimeRange parse(String start, String end, Instant now) {
        Instant to = blank(end) ? now : parse("end_time", end, true);
        Instant from = blank(start) ? to.minus(DEFAULT_SPAN) : parse("start_time", start, false);
        if (from.isAfter(to)) {
            throw ApiException.badRequest("start_time (" + from + ") is after end_time (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            throw ApiException.badRequest("the range from start_time to end_time spans more than "
                    + MAX_SPAN.toDays() + " days");
        }
        return new TimeRange(from, to);
    }

    /**
     * One instant in the same forms, refused with a message naming {@code name}; a date as an end ({@code isEnd}) is
     * the end of that day.
     */
    static Instant parse(String name, String value, boolean isEnd) {
        Matcher m = FORMAT.matcher(value.trim());
        try {
            if (m.matches()) {
                LocalDate date = LocalDate.parse(m.group(1));
                if (m.group(2) == null) {
                    if (m.group(3) != null) {
                        throw new DateTimeParseException("offset without a time", value, 0);
                    }
                    return (isEnd ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                LocalDateTime time = LocalDateTime.of(date, java.time.LocalTime.parse(m.group(2)));
                String offset = m.group(3);
                ZoneOffset zone = offset == null || offset.equals("Z") ? ZoneOffset.UTC
                        : ZoneOffset.of(offset.startsWith(" ") ? "+" + offset.substring(1) : offset);
                return time.toInstant(zone);
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
