package dev.merchantnotify.channel;

import java.time.Duration;

/**
 * What every channel keeps to, set by dispatch ({@code notify.dispatch.*}): an attempt connects within
 * {@code connectTimeout}, then gets {@code requestTimeout} for the far side to confirm, and is over by
 * {@link #attemptDeadline()} whatever happens (locks and leases are sized from it). At most {@code maxInFlight}
 * attempts are in flight on the node; a channel may use up to {@code ioThreads} threads for its I/O.
 */
public record AttemptLimits(Duration connectTimeout, Duration requestTimeout, int maxInFlight, int ioThreads) {

    /** The longest one attempt may take, connect included, before it is a timeout. */
    public Duration attemptDeadline() {
        return connectTimeout.plus(requestTimeout);
    }
}
