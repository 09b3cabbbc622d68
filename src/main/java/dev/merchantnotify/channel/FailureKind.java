package dev.merchantnotify.channel;

import java.util.Locale;

/**
 * Why an attempt failed, in one vocabulary for every channel, as stored in {@code delivery_attempt.error_kind} and
 * counted by the {@code outcome} label of {@code notify_deliveries_total}. A channel maps its own failures onto these
 * kinds; what is retried, and what moves a failover route on, is decided from the kind, never from the channel.
 */
public enum FailureKind {
    /** No connection could be made: refused, unreachable, or not within the connect timeout. */
    CONNECT,
    /** Connected, but no complete answer within the request timeout. */
    TIMEOUT,
    /** The connection broke during the exchange (reset, closed early, malformed answer). */
    NETWORK,
    /** The far side answered with a status other than 2xx (HTTP: a redirect counts, redirects are never followed). */
    HTTP_STATUS,
    /** A 2xx whose body is not {@code success} (HTTP's form format only). */
    WRONG_BODY,
    /**
     * The destination's host is, or resolves only to, addresses deliveries may not go to (see
     * {@code dev.merchantnotify.security}); nothing was sent, and it is not tried again.
     */
    BLOCKED;

    /** The lower-case name stored and shown in the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
