package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * One call to a merchant, with the notification it belonged to: a line of the delivery log. {@code merchantKey} is
 * the key of the destination the call went to; {@code destination} and {@code target} are a registered destination's
 * name and address (null for the notification's own notify URL). {@code receipt} is an accepted SMS attempt's state
 * by its receipts ({@code awaiting}, {@code confirmed}: every number's, {@code undelivered}: any number's), null for
 * every other attempt.
 */
public record AttemptLogEntry(long id, long notificationId, String orderNo, String event, String notifyUrl,
                              String merchantKey, int attemptNo, Instant startedAt, long durationMs, Integer httpStatus,
                              boolean success, String errorKind, String errorMessage, String responseExcerpt,
                              String merchantNo, String channel, String destination, String target,
                              String providerRef, String receipt) {
}
