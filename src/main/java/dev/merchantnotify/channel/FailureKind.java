package dev.merchantnotify.channel;

import java.util.Locale;

/**
 * Why an attempt failed, in one vocabulary for every channel, as stored in {@code delivery_attempt.error_kind} and
 * counted by the {@code outcome} label of {@code notify_deliveries_total}. A channel maps its own failures onto these
 * kinds; what is retried, and what moves a failover route on, is decided from the kind, never from the channel.
 *
 * <p>Most kinds are retried on the schedule. A kind that is not ({@link #retried()} false) says the destination's
 * settings must change first (the host is blocked, the credentials are refused, the exchange or topic does not exist,
 * the message is larger than the far side takes, no recipient exists, the day's SMS are used up): trying the same again cannot succeed, so the notification moves on
 * to the next destination of its route at once, or fails with a reason that says what to fix; an operator retries it
 * afterwards.
 */
public enum FailureKind {
    /** No connection could be made: refused, unreachable, or not within the connect timeout. */
    CONNECT(true),
    /** Connected, but no complete answer (or broker confirm) within the request timeout. */
    TIMEOUT(true),
    /** The connection broke during the exchange (reset, closed early, malformed answer). */
    NETWORK(true),
    /** The far side answered with a status other than 2xx (HTTP: a redirect counts, redirects are never followed). */
    HTTP_STATUS(true),
    /** A 2xx whose body is not {@code success} (HTTP's form format only). */
    WRONG_BODY(true),
    /**
     * The destination's host is, or resolves only to, addresses deliveries may not go to (see
     * {@code dev.merchantnotify.security}); nothing was sent, and it is not tried again.
     */
    BLOCKED(false),
    /** The far side refused the credentials, or they do not allow this (a broker's access refused, Kafka's ACLs). */
    AUTH(false),
    /** What the destination names does not exist: a RabbitMQ exchange or virtual host, a Kafka topic. */
    NOT_FOUND(false),
    /** A broker took the message but no queue was bound to take it (RabbitMQ's {@code 312 NO_ROUTE} return). */
    UNROUTABLE(true),
    /** The far side refused this message although it took the connection (a broker's negative confirm). */
    REJECTED(true),
    /** The far side asks to slow down (a broker blocking publishers on a resource alarm, a quota). */
    THROTTLED(true),
    /** The message is larger than the far side accepts. */
    TOO_LARGE(false),
    /** The merchant has no WebSocket session open to any node: nothing was sent (a socket merchant that is offline). */
    NO_SESSION(true),
    /**
     * The far side refused every recipient for good: an email address its server does not know (SMTP 5xx to
     * {@code RCPT TO}), a phone number that is not valid. The destination's recipients must change first.
     */
    INVALID_RECIPIENT(false),
    /**
     * The merchant account has used its SMS for the day ({@code notify.sms.daily-cap}): nothing was sent, and it is not
     * tried again by the schedule (a failover route moves on; an operator retries it the next day, or raises the cap).
     */
    DAILY_CAP(false);

    private final boolean retried;

    FailureKind(boolean retried) {
        this.retried = retried;
    }

    /** The lower-case name stored and shown in the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the retry schedule tries again after this failure (see the class comment for the kinds it does not). */
    public boolean retried() {
        return retried;
    }
}
