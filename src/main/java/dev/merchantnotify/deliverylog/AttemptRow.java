package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * One attempt for the delivery log, as {@link DeliveryRows} inserts it.
 *
 * @param errorKind      null for a success (see {@code dev.merchantnotify.channel.FailureKind})
 * @param destinationKey the key of the destination it went to
 * @param channel        the channel type ({@code http}...)
 * @param destination    the registered destination's name, null for the notification's own notify URL
 * @param target         the registered destination's address without credentials, null for the notify URL
 * @param providerRef    the far side's reference, where the channel has one
 * @param event          the notification's event (for the analysis rollups; not a column of the attempt)
 * @param merchant       the account's merchant_no, else the notification's merchant key (for the analysis rollups)
 */
public record AttemptRow(long notificationId, int attemptNo, Instant startedAt, long durationMs, Integer httpStatus,
                         boolean success, String responseExcerpt, String errorKind, String errorMessage,
                         String destinationKey, String channel, String destination, String target,
                         String providerRef, String event, String merchant) {
}
