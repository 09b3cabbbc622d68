package dev.merchantnotify.routing;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which events a route takes: an event name ({@code order.paid}), a prefix ending in {@code .*} ({@code refund.*}
 * takes {@code refund.created} and {@code refund.done.partial}), or {@code *} (every event). For one event the most
 * specific pattern of an account wins: the exact name, then the longest prefix, then {@code *}.
 */
public record EventPattern(String text) {

    public static final int MAX_LENGTH = 64;
    /** Every event. */
    public static final EventPattern ANY = new EventPattern("*");
    /** Event names are words of letters, digits, {@code _} and {@code -} separated by dots. */
    private static final Pattern VALID = Pattern.compile("\\*|[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?");

    /** Whether {@code text} is a valid pattern. */
    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && VALID.matcher(text).matches();
    }

    public boolean matches(String event) {
        if (text.equals("*")) {
            return true;
        }
        if (text.endsWith(".*")) {
            return event.startsWith(text.substring(0, text.length() - 1));
        }
        return text.equals(event);
    }

    /** Higher is more specific: an exact name beats any prefix, a longer prefix a shorter one, {@code *} is last. */
    int specificity() {
        if (text.equals("*")) {
            return 0;
        }
        return text.endsWith(".*") ? text.length() : Integer.MAX_VALUE;
    }

    /** The most specific of {@code candidates} whose pattern matches {@code event}. */
    public static <T> Optional<T> best(Collection<T> candidates, Function<T, EventPattern> pattern, String event) {
        return candidates.stream()
                .filter(candidate -> pattern.apply(candidate).matches(event))
                .max(Comparator.comparingInt(candidate -> pattern.apply(candidate).specificity()));
    }
}
