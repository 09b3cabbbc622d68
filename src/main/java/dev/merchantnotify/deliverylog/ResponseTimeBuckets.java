package dev.merchantnotify.deliverylog;

import java.util.Arrays;

/**
 * The response-time histogram of the analysis rollups (V10 schema, columns {@code d00} to {@code d28}): bucket
 * {@code i} holds the attempts that took at least {@link #lower(int)} and less than {@link #upper(int)} ms; the last
 * one everything from 60 s. The bounds grow by about half each step, so a percentile read from the histogram lies in
 * the bucket of the exact one.
 */
public final class ResponseTimeBuckets {

    private static final long[] BOUNDS = {1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000,
        1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000};

    /** How many buckets there are. */
    public static final int COUNT = BOUNDS.length + 1;

    private ResponseTimeBuckets() {
    }

    /** The bucket of a response time. */
    public static int of(long millis) {
        int found = Arrays.binarySearch(BOUNDS, millis);
        // A bound itself opens the next bucket; otherwise the insertion point is the bucket.
        return found >= 0 ? found + 1 : -found - 1;
    }

    /** The least response time of bucket {@code i}, in ms. */
    public static long lower(int i) {
        return i == 0 ? 0 : BOUNDS[i - 1];
    }

    /** The bound (exclusive) of bucket {@code i}, in ms; {@link Long#MAX_VALUE} for the last. */
    public static long upper(int i) {
        return i == BOUNDS.length ? Long.MAX_VALUE : BOUNDS[i];
    }

    /** The column of bucket {@code i}: {@code d00}... */
    static String column(int i) {
        return i < 10 ? "d0" + i : "d" + i;
    }
}
