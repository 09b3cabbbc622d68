package dev.merchantnotify.deliverylog;

import java.time.Instant;

/**
 * What an operator looks for among notifications; every part is optional (null: any).
 *
 * @param orderNoPrefix the start of the order number
 * @param createdFrom   created at or after
 * @param createdTo     created before
 */
public record NotificationSearch(String orderNoPrefix, NotificationStatus status, String merchantKey,
                                 Instant createdFrom, Instant createdTo) {
}
