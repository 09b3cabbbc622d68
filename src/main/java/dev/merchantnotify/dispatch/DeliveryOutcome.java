package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import java.time.Duration;
import java.time.Instant;

/** What one attempt of a claimed notification gave: the task as it was claimed, and its channel's outcome. */
public record DeliveryOutcome(DeliveryTask task, ChannelOutcome result) {

    public boolean success() {
        return result.success();
    }

    /** Null for a success. */
    public FailureKind failure() {
        return result.failure();
    }

    /** A sentence for the log and the notification's {@code last_error}, null for a success. */
    public String error() {
        return result.error();
    }

    /** The far side's status code (HTTP status), null when none came. */
    public Integer httpStatus() {
        return result.status();
    }

    public Instant startedAt() {
        return result.startedAt();
    }

    public long durationMs() {
        return result.durationMs();
    }

    public Duration retryAfter() {
        return result.retryAfter();
    }

    /**
     * Whether the far side gave no usable answer: no connection (or no socket open), a timeout, a broken exchange, or
     * HTTP 5xx (what the error rate counts, in the metrics and in the error-rate alert).
     */
    public boolean unusableAnswer() {
        FailureKind failure = result.failure();
        Integer status = result.status();
        return failure == FailureKind.CONNECT || failure == FailureKind.TIMEOUT || failure == FailureKind.NETWORK
                || failure == FailureKind.NO_SESSION || status != null && status >= 500;
    }

    public Instant finishedAt() {
        return result.startedAt().plusMillis(result.durationMs());
    }
}
