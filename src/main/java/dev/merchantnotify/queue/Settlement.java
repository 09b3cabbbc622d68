package dev.merchantnotify.queue;

/**
 * What becomes of a claimed id once its attempt is recorded: its lease and lock are dropped, and if
 * {@code retryAtMillis} is not negative it waits in the retry queue until then.
 */
public record Settlement(long id, long retryAtMillis) {

    /** Finished (delivered, failed for good, or not ours to deliver): nothing more in Redis. */
    public static Settlement done(long id) {
        return new Settlement(id, -1);
    }

    public static Settlement retryAt(long id, long epochMillis) {
        return new Settlement(id, epochMillis);
    }
}
