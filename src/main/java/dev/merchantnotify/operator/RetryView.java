package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.NotificationSummary;
import java.util.List;
import java.util.Locale;

/** What {@code retry} queued again: each notification with the status it had before. */
public record RetryView(int count, List<Retried> notifications) {

    /** One notification queued again: due now, with a fresh attempt budget. */
    public record Retried(long id, String orderNo, String event, String merchantKey, String previousStatus,
                          int attempts, String status) {
    }

    public static RetryView of(List<NotificationSummary> before) {
        return new RetryView(before.size(), before.stream()
                .map(n -> new Retried(n.id(), n.orderNo(), n.event(), n.merchantKey(),
                        n.status().name().toLowerCase(Locale.ROOT), n.attempts(), "pending"))
                .toList());
    }
}
