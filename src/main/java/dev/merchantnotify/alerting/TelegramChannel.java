package dev.merchantnotify.alerting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Sends alerts to Telegram: critical ones to the admin and the monitor chat, normal ones to the monitor chat. Without
 * a bot token (or without any chat id) nothing is sent: the alert is logged and stored as not sent, and the start-up
 * log says so once.
 */
@ApplicationScoped
public class TelegramChannel {

    private static final Logger LOG = Logger.getLogger(TelegramChannel.class.getName());

    /** What became of one alert: whether every chat got it, which did, and why the others did not. */
    public record Outcome(boolean sent, String chats, String error) {
    }

    @Inject
    AlertSettings settings;

    @Inject
    TelegramBot bot;

    void report(@Observes Startup startup) {
        if (settings.telegramConfigured()) {
            LOG.info(() -> "Alerts go to Telegram (" + settings.apiUrl() + "): critical ones " + settings.criticalTypes()
                    + " to " + settings.chatsFor(AlertLevel.CRITICAL).keySet() + ", the others to "
                    + settings.chatsFor(AlertLevel.NORMAL).keySet() + "; texts in "
                    + settings.language().name().toLowerCase(Locale.ROOT) + ", times in " + settings.zone());
        } else {
            LOG.warning(() -> "Alerts are NOT sent: " + settings.notConfiguredReason()
                    + ". They are written to this log and stored in the alert history.");
        }
    }

    Outcome send(AlertLevel level, String text) {
        if (!settings.telegramConfigured()) {
            LOG.warning(() -> "ALERT (" + level.apiName() + ", not sent)\n" + text);
            return new Outcome(false, null, settings.notConfiguredReason());
        }
        List<String> sentTo = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> chat : settings.chatsFor(level).entrySet()) {
            TelegramBot.Delivery delivery = bot.send(chat.getKey(), chat.getValue(), text);
            if (delivery.sent()) {
                sentTo.add(delivery.chat());
            } else {
                errors.add(delivery.chat() + ": " + delivery.error());
            }
        }
        if (!errors.isEmpty()) {
            LOG.warning(() -> "Alert not sent to every chat (" + String.join("; ", errors) + ")\n" + text);
        }
        return new Outcome(errors.isEmpty(), sentTo.isEmpty() ? null : String.join(",", sentTo),
                errors.isEmpty() ? null : String.join("; ", errors));
    }
}
