package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * One number of an accepted SMS attempt and its receipt, as stored in {@code delivery_receipt}.
 *
 * @param reference   the provider's reference for the message to this number
 * @param recipient   the number, E.164
 * @param reason      the receipt's reason (its status and error code), null while awaiting
 * @param acceptedAt  when the provider accepted it; null for a receipt whose acceptance is not recorded (yet)
 * @param confirmedAt when the receipt says it was delivered or given up, null while awaiting
 */
public record Receipt(String provider, String reference, String recipient, long notificationId, int attemptNo,
                      ReceiptState state, String reason, Instant acceptedAt, Instant confirmedAt) {
}
