package dev.merchantnotify.monitoring;

import java.util.Arrays;

/**
 * This node's attempts over the last {@code seconds} seconds, in one-second buckets: what the rate gauges read. Updated
 * once per recorded batch and read once per scrape, so a lock costs nothing that matters.
 */
final class AttemptWindow {

    /** Attempts in the window, and of those: successful, retries (attempt 2 or later), without a usable answer. */
    record Totals(long attempts, long successes, long retries, long errors) {

        static final Totals NONE = new Totals(0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(attempts + other.attempts, successes + other.successes, retries + other.retries,
                    errors + other.errors);
        }

        /** {@code part} as a share of the attempts (0 to 1); NaN when there were none. */
        double share(long part) {
            return attempts == 0 ? Double.NaN : (double) part / attempts;
        }
    }

    private final int seconds;
    private final long[] bucketSecond;
    private final Totals[] buckets;

    AttemptWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("window of " + seconds + " s");
        }
        this.seconds = seconds;
        this.bucketSecond = new long[seconds];
        this.buckets = new Totals[seconds];
        Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    synchronized void add(long epochSecond, Totals totals) {
        int index = (int) Math.floorMod(epochSecond, (long) seconds);
        if (bucketSecond[index] != epochSecond) {
            bucketSecond[index] = epochSecond;
            buckets[index] = Totals.NONE;
        }
        buckets[index] = buckets[index].plus(totals);
    }

    /** The attempts of the {@code seconds} seconds up to and including {@code nowEpochSecond}. */
    synchronized Totals totals(long nowEpochSecond) {
        Totals sum = Totals.NONE;
        for (int i = 0; i < seconds; i++) {
            long age = nowEpochSecond - bucketSecond[i];
            if (bucketSecond[i] != Long.MIN_VALUE && age >= 0 && age < seconds) {
                sum = sum.plus(buckets[i]);
            }
        }
        return sum;
    }
}
