package dev.merchantnotify.admin;

import dev.merchantnotify.alerting.Alert;
import java.time.Instant;

/** An alert as {@code send-alert} answers it: what was composed, and whether the channel took it. */
public record AlertView(long id, String alertType, String level, String merchantKey, String notifyUrl,
                        Instant createdAt, boolean sent, String chats, String error, String message) {

    static AlertView of(Alert alert) {
        return new AlertView(alert.getId(), alert.getType().apiName(), alert.getLevel().apiName(),
                alert.getMerchantKey(), alert.getNotifyUrl(), alert.getCreatedAt(), alert.isSent(), alert.getChats(),
                alert.getError(), alert.getMessage());
    }
}
