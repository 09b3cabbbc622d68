package dev.merchantnotify.channel;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An attempt whose outcome the far side gives later (a broker's confirm, a merchant's acknowledgement): settled once,
 * by whichever of the answer, a failure or its deadline comes first; settling cancels the deadline's timer. Nothing
 * waits on a thread for it: {@link #result()} completes where the answer arrives.
 */
public class PendingOutcome {

    private final CompletableFuture<ChannelOutcome> result = new CompletableFuture<>();
    private final Instant startedAt;
    private final long startNanos;
    private volatile ScheduledFuture<?> deadline;

    /**
     * @param startedAt  when the attempt started, as recorded
     * @param startNanos {@link System#nanoTime()} then, for its duration
     */
    public PendingOutcome(Instant startedAt, long startNanos) {
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    /** The outcome, once settled. */
    public CompletableFuture<ChannelOutcome> result() {
        return result;
    }

    /**
     * Sets the deadline: {@link #expire} runs after {@code millis} on {@code timers} unless the outcome was settled.
     *
     * @throws RejectedExecutionException when the timers stopped (the server is stopping)
     */
    public void expireAfter(ScheduledExecutorService timers, long millis, String error) {
        ScheduledFuture<?> timer = timers.schedule(() -> expire(error), millis, TimeUnit.MILLISECONDS);
        deadline = timer;
        if (result.isDone()) {
            timer.cancel(false);
        }
    }

    /** The deadline passed first: a {@link FailureKind#TIMEOUT}. */
    protected void expire(String error) {
        fail(FailureKind.TIMEOUT, error);
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The far side confirmed it; false when it was settled already. */
    public boolean delivered() {
        return settle(ChannelOutcome.delivered(startedAt, elapsedMillis()));
    }

    /** It failed; false when it was settled already. */
    public boolean fail(FailureKind kind, String error) {
        return settle(ChannelOutcome.failed(startedAt, elapsedMillis(), kind, error));
    }

    private boolean settle(ChannelOutcome outcome) {
        if (!result.complete(outcome)) {
            return false;
        }
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        return true;
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
