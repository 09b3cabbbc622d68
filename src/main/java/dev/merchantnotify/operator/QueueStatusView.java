package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.NotificationSummary;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The queue as {@code queue-status} shows it: the seed's {@code pending_count}, {@code retry_count},
 * {@code pending_orders} and {@code retry_orders}, plus {@code inflight_count}.
 */
@JsonbPropertyOrder({"pendingCount", "retryCount", "inflightCount", "pendingOrders", "retryOrders"})
public record QueueStatusView(long pendingCount, long retryCount, long inflightCount, List<QueuedOrder> pendingOrders,
                              List<QueuedOrder> retryOrders) {

    /**
     * A queued notification. {@code nextAttemptAt} is when it is due: for the retry queue, the time Redis holds for it.
     */
    public record QueuedOrder(long id, String orderNo, String event, String notifyUrl, String merchantKey,
                              String status, int attempts, Instant nextAttemptAt, Instant createdAt,
                              String lastError) {

        public static QueuedOrder of(NotificationSummary n, Instant dueAt) {
            return new QueuedOrder(n.id(), n.orderNo(), n.event(), n.notifyUrl(), n.merchantKey(),
                    n.status().name().toLowerCase(Locale.ROOT), n.attempts(), dueAt, n.createdAt(), n.lastError());
        }
    }
}
