package dev.merchantnotify.deliverylog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What the analysis rollups count of a set of attempts (V10 schema): how many, how many succeeded, how many were
 * first attempts and how many of those succeeded, how many got no usable answer, their summed and longest response
 * time, and the histogram of their response times ({@link ResponseTimeBuckets}). Tallies add up, so any grouping of
 * rollup rows gives the tally of its attempts. Not thread-safe.
 */
public final class AttemptTally {

    /** The failure kinds that mean "no usable answer" (with an HTTP status of 500 or more): the error rate's. */
    public static final Set<String> ERROR_KINDS = Set.of("connect", "timeout", "network", "no_session");

    /** The measure columns, in the order {@link #bind} and {@link #read} use. */
    public static final String COLUMNS;
    /** The same, each summed (the longest: its maximum), for a grouped select. */
    public static final String SUMS;
    /** How many measure columns there are. */
    public static final int WIDTH = 7 + ResponseTimeBuckets.COUNT;

    static {
        StringJoiner columns = new StringJoiner(", ");
        StringJoiner sums = new StringJoiner(", ");
        for (String column : new String[] {"attempts", "successes", "firsts", "first_successes", "errors", "total_ms"}) {
            columns.add(column);
            sums.add("SUM(" + column + ")");
        }
        columns.add("max_ms");
        sums.add("MAX(max_ms)");
        for (int i = 0; i < ResponseTimeBuckets.COUNT; i++) {
            columns.add(ResponseTimeBuckets.column(i));
            sums.add("SUM(" + ResponseTimeBuckets.column(i) + ")");
        }
        COLUMNS = columns.toString();
        SUMS = sums.toString();
    }

    private long attempts;
    private long successes;
    private long firsts;
    private long firstSuccesses;
    private long errors;
    private long totalMillis;
    private long maxMillis;
    private final long[] buckets = new long[ResponseTimeBuckets.COUNT];

    /** Whether an attempt with this failure kind and HTTP status got no usable answer. */
    public static boolean isError(String failureKind, Integer httpStatus) {
        return failureKind != null && ERROR_KINDS.contains(failureKind) || httpStatus != null && httpStatus >= 500;
    }

    /** Counts one attempt. */
    public AttemptTally add(int attemptNo, boolean success, String failureKind, Integer httpStatus, long millis) {
        attempts++;
        if (success) {
            successes++;
        }
        if (attemptNo == 1) {
            firsts++;
            if (success) {
                firstSuccesses++;
            }
        }
        if (isError(failureKind, httpStatus)) {
            errors++;
        }
        totalMillis += millis;
        maxMillis = Math.max(maxMillis, millis);
        buckets[ResponseTimeBuckets.of(millis)]++;
        return this;
    }

    /** Adds another tally's counts to this one. */
    public AttemptTally add(AttemptTally other) {
        attempts += other.attempts;
        successes += other.successes;
        firsts += other.firsts;
        firstSuccesses += other.firstSuccesses;
        errors += other.errors;
        totalMillis += other.totalMillis;
        maxMillis = Math.max(maxMillis, other.maxMillis);
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] += other.buckets[i];
        }
        return this;
    }

    /** Sets the {@link #WIDTH} parameters from {@code first} on. */
    public void bind(PreparedStatement statement, int first) throws SQLException {
        statement.setLong(first, attempts);
        statement.setLong(first + 1, successes);
        statement.setLong(first + 2, firsts);
        statement.setLong(first + 3, firstSuccesses);
        statement.setLong(first + 4, errors);
        statement.setLong(first + 5, totalMillis);
        statement.setLong(first + 6, maxMillis);
        for (int i = 0; i < buckets.length; i++) {
            statement.setLong(first + 7 + i, buckets[i]);
        }
    }

    /** A tally from the {@link #WIDTH} columns of a row from {@code first} on ({@link #COLUMNS} or {@link #SUMS}). */
    public static AttemptTally read(ResultSet row, int first) throws SQLException {
        AttemptTally tally = new AttemptTally();
        tally.attempts = row.getLong(first);
        tally.successes = row.getLong(first + 1);
        tally.firsts = row.getLong(first + 2);
        tally.firstSuccesses = row.getLong(first + 3);
        tally.errors = row.getLong(first + 4);
        tally.totalMillis = row.getLong(first + 5);
        tally.maxMillis = row.getLong(first + 6);
        for (int i = 0; i < tally.buckets.length; i++) {
            tally.buckets[i] = row.getLong(first + 7 + i);
        }
        return tally;
    }

    public long attempts() {
        return attempts;
    }

    public long successes() {
        return successes;
    }

    /** First attempts: one per notification (or broadcast copy) that was tried at all. */
    public long firsts() {
        return firsts;
    }

    public long firstSuccesses() {
        return firstSuccesses;
    }

    /** Attempts that got no usable answer (see {@link #isError}). */
    public long errors() {
        return errors;
    }

    public long totalMillis() {
        return totalMillis;
    }

    public long maxMillis() {
        return maxMillis;
    }

    /** The attempts counted in bucket {@code i} of {@link ResponseTimeBuckets}. */
    public long bucket(int i) {
        return buckets[i];
    }

    /**
     * The {@code q} quantile (0 &lt; q &lt; 1) of the response times, in ms, read from the histogram: the bucket that
     * holds the attempt of rank ceil(q × attempts), interpolated linearly within it up to the longest time seen (the
     * longest itself when that rank is the last); null without attempts.
     */
    public Long quantile(double q) {
        if (attempts == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * attempts));
        if (rank == attempts) {
            return maxMillis; // the slowest attempt itself
        }
        long before = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (before + buckets[i] >= rank) {
                long low = ResponseTimeBuckets.lower(i);
                long high = Math.min(ResponseTimeBuckets.upper(i), Math.max(maxMillis + 1, low + 1));
                double within = (rank - before - 0.5) / buckets[i];
                return Math.min(maxMillis, low + (long) Math.floor(within * (high - low)));
            }
            before += buckets[i];
        }
        return maxMillis;
    }
}
