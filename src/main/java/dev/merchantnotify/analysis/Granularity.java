package dev.merchantnotify.analysis;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The width of an analysis bucket, in the asker's time zone: weeks start on Monday, months on their first day. */
public enum Granularity {
    MINUTE, HOUR, DAY, WEEK, MONTH;

    /** Its name in the API: {@code minute}... */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket {@code time} falls in. */
    public ZonedDateTime floor(ZonedDateTime time) {
        return switch (this) {
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.toLocalDate().atStartOfDay(time.getZone());
            case WEEK -> time.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(time.getZone());
            case MONTH -> time.toLocalDate().withDayOfMonth(1).atStartOfDay(time.getZone());
        };
    }

    /** The start of the bucket after the one starting at {@code start}. */
    public ZonedDateTime next(ZonedDateTime start) {
        return switch (this) {
            case MINUTE -> start.plusMinutes(1);
            case HOUR -> start.plusHours(1);
            case DAY -> start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
            case WEEK -> start.toLocalDate().plusWeeks(1).atStartOfDay(start.getZone());
            case MONTH -> start.toLocalDate().plusMonths(1).atStartOfDay(start.getZone());
        };
    }

    /** The granularity of an API name, or null. */
    public static Granularity of(String name) {
        for (Granularity granularity : values()) {
            if (granularity.apiName().equalsIgnoreCase(name.trim())) {
                return granularity;
            }
        }
        return null;
    }
}
