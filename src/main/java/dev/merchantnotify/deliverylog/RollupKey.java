package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * What a rollup row counts attempts by: its time bucket (UTC) and the dimensions. {@code merchant} is the account's
 * merchant_no, or the merchant key of a notification sent to its own notify_url only; {@code failureKind} is empty for a
 * success and {@code status} 0 without an HTTP status.
 */
public record RollupKey(Instant bucket, String merchant, String destinationKey, String channel, String event,
                        String failureKind, int status) {

    /** The key of an attempt, in its minute. */
    static RollupKey of(AttemptRow attempt) {
        return new RollupKey(attempt.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                attempt.merchant(), attempt.destinationKey() == null ? "" : attempt.destinationKey(),
                attempt.channel() == null ? "http" : attempt.channel(), attempt.event(),
                attempt.errorKind() == null ? "" : attempt.errorKind(),
                attempt.httpStatus() == null ? 0 : attempt.httpStatus());
    }

    /** The same key in another bucket. */
    public RollupKey at(Instant otherBucket) {
        return new RollupKey(otherBucket, merchant, destinationKey, channel, event, failureKind, status);
    }
}
