package dev.merchantnotify.alerting;

import java.time.Instant;

/**
 * An alert composed and not yet sent.
 *
 * @param origin      {@code automatic}, or {@code manual:<operator>}
 * @param merchantKey the merchant it is about, null for a threshold alert
 * @param recovery    whether it says that a threshold condition cleared
 */
record AlertDraft(Instant createdAt, AlertType type, AlertLevel level, String origin, String merchantKey,
                  String notifyUrl, String text, boolean recovery) {
}
