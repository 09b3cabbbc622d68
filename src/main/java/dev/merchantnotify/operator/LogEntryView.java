package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.AttemptLogEntry;
import java.time.Instant;

/**
 * A line of the delivery log as {@code logs} shows it: one call to a merchant. {@code status} is the seed's 1
 * (success) or 0 (failure). {@code merchant_key} is the key of the destination the call went to; {@code merchant_no},
 * {@code destination} and {@code target} say which account's destination it was (null for a notification's own
 * notify URL); {@code provider_ref} is the far side's reference where the channel has one; {@code receipt} is an
 * accepted SMS's state by its receipts ({@code awaiting}, {@code confirmed}, {@code undelivered}), null otherwise.
 */
public record LogEntryView(long id, long orderId, String orderNo, String event, String notifyUrl, String merchantKey,
                           int attempt, int status, Instant startedAt, long durationMs, Integer httpStatus,
                           String errorKind, String errorMessage, String responseExcerpt, String merchantNo,
                           String channel, String destination, String target, String providerRef,
                           String receipt) {

    public static LogEntryView of(AttemptLogEntry entry) {
        return new LogEntryView(entry.id(), entry.notificationId(), entry.orderNo(), entry.event(), entry.notifyUrl(),
                entry.merchantKey(), entry.attemptNo(), entry.success() ? 1 : 0, entry.startedAt(), entry.durationMs(),
                entry.httpStatus(), entry.errorKind(), entry.errorMessage(), entry.responseExcerpt(), entry.merchantNo(),
                entry.channel(), entry.destination(), entry.target(), entry.providerRef(), entry.receipt());
    }
}
