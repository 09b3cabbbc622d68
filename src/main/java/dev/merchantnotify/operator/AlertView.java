package dev.merchantnotify.operator;

import dev.merchantnotify.alerting.Alert;
import java.time.Instant;

/**
 * An alert as {@code send-alert} and {@code alerts} answer it: what was composed, who raised it, and whether Telegram
 * took it ({@code chats}: the chats that got it; {@code error}: why the others did not).
 */
public record AlertView(long id, String alertType, String level, boolean recovery, String origin, String merchantKey,
                        String notifyUrl, Instant createdAt, boolean sent, String chats, String error,
                        String message) {

    public static AlertView of(Alert alert) {
        return new AlertView(alert.getId(), alert.getType().apiName(), alert.getLevel().apiName(), alert.isRecovery(),
                alert.getOrigin(), alert.getMerchantKey(), alert.getNotifyUrl(), alert.getCreatedAt(), alert.isSent(),
                alert.getChats(), alert.getError(), alert.getMessage());
    }
}
