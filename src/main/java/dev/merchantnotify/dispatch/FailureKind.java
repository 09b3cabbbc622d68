package dev.merchantnotify.dispatch;

import java.util.Locale;

/** Why an attempt failed, as stored in {@code delivery_attempt.error_kind}. */
public enum FailureKind {
    /** No connection could be made: refused, unreachable, or not within the connect timeout. */
    CONNECT,
    /** Connected, but no complete answer within the request timeout. */
    TIMEOUT,
    /** The connection broke during the exchange (reset, closed early, malformed answer). */
    NETWORK,
    /** The merchant answered with a status other than 2xx (a redirect counts: redirects are never followed). */
    HTTP_STATUS,
    /** A 2xx whose body is not {@code success} (form format only). */
    WRONG_BODY,
    /**
     * The notify URL's host is, or resolves only to, addresses deliveries may not go to (see
     * {@code dev.merchantnotify.security}); nothing was sent, and it is not tried again.
     */
    BLOCKED;

    /** The lower-case name stored and shown in the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
