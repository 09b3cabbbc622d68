package dev.merchantnotify.deliverylog;

/**
 * An order-number prefix as a LIKE pattern for {@code ... LIKE ? ESCAPE '!'}: the prefix's own {@code !}, {@code %} and
 * {@code _} match themselves, then anything may follow.
 */
final class OrderNoPrefix {

    /** The escape character the queries declare. */
    static final String ESCAPE = "ESCAPE '!'";

    private OrderNoPrefix() {
    }

    static String likePattern(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
