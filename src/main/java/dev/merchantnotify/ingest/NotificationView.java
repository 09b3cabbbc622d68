package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.DeliveryAttempt;
import dev.merchantnotify.deliverylog.Receipt;
import dev.merchantnotify.deliverylog.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A notification as the status API shows it, with its delivery attempts when asked for one notification.
 * {@code merchant_no} is set for a notification routed by its merchant account ({@code notify_url} is then its own
 * first destination, or null); {@code merchant_key} is the destination it is at, or was delivered to. A broadcast
 * ({@code role} "broadcast") lists its {@code copies} when asked for alone; a copy ({@code role} "required" or "copy")
 * names its broadcast ({@code broadcast_id}) and the destination it is for ({@code destination_id}, null for the
 * broadcast's own notify URL). Other notifications have none of these.
 */
public record NotificationView(long id, String orderNo, String event, String notifyUrl, String merchantKey,
                               String format, String status, int attempts, Instant nextAttemptAt, Instant createdAt,
                               Instant deliveredAt, String lastError, List<AttemptView> deliveries, String merchantNo,
                               String role, Long broadcastId, Long destinationId, List<CopyView> copies) {

    /** A broadcast's copy, as its broadcast shows it. */
    public record CopyView(long id, String role, Long destinationId, String merchantKey, String notifyUrl,
                           String status, int attempts, Instant nextAttemptAt, Instant deliveredAt, String lastError) {

        static CopyView of(Notification n) {
            return new CopyView(n.getId(), n.getRole().name().toLowerCase(Locale.ROOT), n.getDestinationId(),
                    n.getMerchantKey(), n.getNotifyUrl(), n.getStatus().name().toLowerCase(Locale.ROOT),
                    n.getAttempts(), n.getNextAttemptAt(), n.getDeliveredAt(), n.getLastError());
        }
    }

    /**
     * One attempt as the status API shows it: where it went ({@code destination_key}, {@code channel}, and a
     * registered destination's name and address without credentials) and what came of it.
     */
    public record AttemptView(int attempt, Instant startedAt, long durationMs, Integer httpStatus, boolean success,
                              String errorKind, String error, String responseExcerpt, String destinationKey,
                              String channel, String destination, String target, String providerRef,
                              List<ReceiptView> receipts) {

        static AttemptView of(DeliveryAttempt attempt, List<ReceiptView> receipts) {
            return new AttemptView(attempt.getAttemptNo(), attempt.getStartedAt(), attempt.getDurationMs(),
                    attempt.getHttpStatus(), attempt.isSuccess(), attempt.getErrorKind(), attempt.getErrorMessage(),
                    attempt.getResponseExcerpt(), attempt.getDestinationKey(), attempt.getChannel(),
                    attempt.getDestination(), attempt.getTarget(), attempt.getProviderRef(), receipts);
        }
    }

    /**
     * A provider's receipt for one number of an accepted SMS attempt: {@code awaiting} (none yet), {@code confirmed} or
     * {@code undelivered} with the provider's reason, and when.
     */
    public record ReceiptView(String recipient, String state, String reason, Instant acceptedAt,
                              Instant confirmedAt) {

        static ReceiptView of(Receipt receipt) {
            return new ReceiptView(receipt.recipient(), receipt.state().apiName(), receipt.reason(),
                    receipt.acceptedAt(), receipt.confirmedAt());
        }
    }

    static NotificationView of(Notification n, List<DeliveryAttempt> attempts) {
        return of(n, attempts, null, List.of());
    }

    /** @param receipts the receipts of the notification's SMS attempts (any order) */
    static NotificationView of(Notification n, List<DeliveryAttempt> attempts, List<Notification> copies,
                               List<Receipt> receipts) {
        java.util.Map<Integer, List<ReceiptView>> byAttempt = new java.util.HashMap<>();
        receipts.forEach(receipt -> byAttempt.computeIfAbsent(receipt.attemptNo(), k -> new java.util.ArrayList<>())
                .add(ReceiptView.of(receipt)));
        return new NotificationView(n.getId(), n.getOrderNo(), n.getEvent(), n.getNotifyUrl(), n.getMerchantKey(),
                n.getFormat().apiName(), n.getStatus().name().toLowerCase(Locale.ROOT), n.getAttempts(),
                n.getNextAttemptAt(), n.getCreatedAt(), n.getDeliveredAt(), n.getLastError(),
                attempts == null ? null : attempts.stream().map(a -> AttemptView.of(a, byAttempt.get(a.getAttemptNo())))
                        .toList(), n.getMerchantNo(),
                n.getRole() == null ? null : n.getRole().name().toLowerCase(Locale.ROOT), n.getParentId(),
                n.getDestinationId(), copies == null ? null : copies.stream().map(CopyView::of).toList());
    }
}
