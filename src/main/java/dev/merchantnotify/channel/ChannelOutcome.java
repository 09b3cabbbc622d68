package dev.merchantnotify.channel;

import java.time.Duration;
import java.time.Instant;

/**
 * What one attempt gave, as a channel reports it. Built by {@link #delivered} or {@link #failed}, then
 * {@link #answered} and {@link #retryAfter} where the far side said more.
 *
 * @param status          the far side's status code (HTTP status), null when none came
 * @param responseExcerpt the start of the far side's answer (at most 1 KB is kept), null when none came
 * @param failure         null for a success
 * @param error           a sentence for the log and the notification's {@code last_error}, null for a success
 * @param retryAfter      how long the far side asked to wait ({@code Retry-After}), null if it did not
 * @param providerRef     the far side's reference for what it accepted (a broker's partition and offset, a provider's
 *                        message id), null where the channel has none
 */
public record ChannelOutcome(Instant startedAt, long durationMs, Integer status, String responseExcerpt,
                             FailureKind failure, String error, Duration retryAfter, String providerRef) {

    /** The far side confirmed the attempt. */
    public static ChannelOutcome delivered(Instant startedAt, long durationMs) {
        return new ChannelOutcome(startedAt, durationMs, null, null, null, null, null, null);
    }

    /** The attempt failed, for the reason {@code error} says. */
    public static ChannelOutcome failed(Instant startedAt, long durationMs, FailureKind kind, String error) {
        return new ChannelOutcome(startedAt, durationMs, null, null, kind, error, null, null);
    }

    /** The same outcome, with what the far side answered. */
    public ChannelOutcome answered(Integer answerStatus, String excerpt) {
        return new ChannelOutcome(startedAt, durationMs, answerStatus, excerpt, failure, error, retryAfter, providerRef);
    }

    /** The same outcome, with how long the far side asked to wait before the next attempt. */
    public ChannelOutcome retryAfter(Duration wait) {
        return new ChannelOutcome(startedAt, durationMs, status, responseExcerpt, failure, error, wait, providerRef);
    }

    /** The same outcome, with the far side's reference for it. */
    public ChannelOutcome providerRef(String reference) {
        return new ChannelOutcome(startedAt, durationMs, status, responseExcerpt, failure, error, retryAfter, reference);
    }

    /** The most characters of a far side's own text (a reason, an exception's message) an error keeps. */
    public static final int QUOTED_TEXT_LIMIT = 200;

    /** A far side's text as an error quotes it: at most {@value #QUOTED_TEXT_LIMIT} characters. */
    public static String quote(String text) {
        return text.length() > QUOTED_TEXT_LIMIT ? text.substring(0, QUOTED_TEXT_LIMIT) + "…" : text;
    }

    /** An exception as an error quotes it: its message, else its cause's, else its type. */
    public static String quote(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()
                    ? cause.getMessage() : e.getClass().getSimpleName();
        }
        return quote(message);
    }

    public boolean success() {
        return failure == null;
    }
}
