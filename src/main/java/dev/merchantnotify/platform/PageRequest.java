package dev.merchantnotify.platform;

/**
 * A page asked for by {@code page} (1-based) and {@code limit} query parameters. A limit above the maximum is capped
 * to it (the answer says which limit applied); a page or limit that is not a whole number of 1 or more is refused.
 */
public record PageRequest(int page, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Parses the parameters as given (null: the default, page 1 of {@value #DEFAULT_LIMIT}). */
    public static PageRequest parse(String page, String limit) {
        int number = positive("page", page, 1);
        int size = positive("limit", limit, DEFAULT_LIMIT);
        return new PageRequest(number, Math.min(size, MAX_LIMIT));
    }

    /** The index of the page's first item. */
    public int offset() {
        long offset = (long) (page - 1) * limit;
        if (offset > Integer.MAX_VALUE) {
            throw ApiException.badRequest("page " + page + " is beyond any result");
        }
        return (int) offset;
    }

    private static int positive(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 1) {
                return (int) Math.min(parsed, Integer.MAX_VALUE);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest(name + " must be a whole number of 1 or more, not " + ApiException.quote(value));
    }
}
