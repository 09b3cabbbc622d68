package dev.merchantnotify.dispatch;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt gave.
 *
 * @param httpStatus      the merchant's status, null when no answer came
 * @param responseExcerpt the start of the answer's body (at most 1 KB is kept), null when none came
 * @param failure         null for a success
 * @param error           a sentence for the log and the notification's {@code last_error}, null for a success
 * @param retryAfter      the merchant's {@code Retry-After}, if it sent one
 */
public record DeliveryOutcome(DeliveryTask task, Instant startedAt, long durationMs, Integer httpStatus,
                              String responseExcerpt, FailureKind failure, String error, Duration retryAfter) {

    public boolean success() {
        return failure == null;
    }

    /**
     * Whether the merchant gave no usable answer: no connection, a timeout, a broken exchange, or HTTP 5xx (what the
     * error rate counts, in the metrics and in the error-rate alert).
     */
    public boolean unusableAnswer() {
        return failure == FailureKind.CONNECT || failure == FailureKind.TIMEOUT || failure == FailureKind.NETWORK
                || httpStatus != null && httpStatus >= 500;
    }

    public Instant finishedAt() {
        return startedAt.plusMillis(durationMs);
    }
}
