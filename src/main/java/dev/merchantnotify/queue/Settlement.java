package dev.merchantnotify.queue;

/**
 * What becomes of a claimed id once its attempt is recorded: its lease and lock are dropped, and if
 * {@code retryAtMillis} is not negative it waits in the retry queue until then; {@link #REQUEUE} puts it back at the
 * end of the pending list.
 */
public record Settlement(long id, long retryAtMillis) {

    /** {@code retryAtMillis} of an id sent to the back of the pending list. */
    public static final long REQUEUE = -2;

    /** Back to the end of the line, behind everything pending (a full lane of a merchant that answers fast). */
    public static Settlement requeue(long id) {
        return new Settlement(id, REQUEUE);
    }

    /** Finished (delivered, failed for good, or not ours to deliver): nothing more in Redis. */
    public static Settlement done(long id) {
        return new Settlement(id, -1);
    }

    public static Settlement retryAt(long id, long epochMillis) {
        return new Settlement(id, epochMillis);
    }
}
