package dev.merchantnotify.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertSettingsTest {

    @Test
    void theShippedDefaultsAreTheSeedsThresholdsAndSendNothingWithoutAToken() {
        AlertSettings settings = ShippedSettings.with(Map.of());
        assertFalse(settings.telegramConfigured());
        assertEquals("no Telegram bot token is configured (TELEGRAM_BOT_TOKEN)", settings.notConfiguredReason());
        assertEquals("https://api.telegram.org", settings.apiUrl().toString());
        assertEquals(1000, settings.queueBacklogThreshold());
        assertEquals(95.0, settings.successRateThreshold());
        assertEquals(10_000, settings.responseTimeThresholdMillis());
        assertEquals(5.0, settings.errorRateThreshold());
        assertEquals(Duration.ofMinutes(1), settings.evaluationInterval());
        assertEquals(Duration.ofHours(1), settings.slowMerchantRepeat());
        assertEquals(AlertSettings.Language.ZH, settings.language());
        assertEquals(ZoneOffset.UTC.normalized(), settings.zone().normalized());
        assertEquals(AlertLevel.CRITICAL, settings.level(AlertType.CIRCUIT_BREAKER));
        assertEquals(AlertLevel.NORMAL, settings.level(AlertType.SLOW_MERCHANT));
        assertEquals(Set.of(AlertType.QUEUE_BACKLOG, AlertType.SUCCESS_RATE, AlertType.RESPONSE_TIME,
                AlertType.ERROR_RATE), settings.enabledThresholdTypes());
    }

    @Test
    void criticalAlertsGoToBothChatsAndNormalOnesToTheMonitorChat() {
        AlertSettings settings = ShippedSettings.with(Map.of("notify.alerting.telegram.bot-token", "1:x",
                "notify.alerting.telegram.admin-chat-id", "-100", "notify.alerting.telegram.monitor-chat-id", "-200"));
        assertTrue(settings.telegramConfigured());
        assertEquals(Map.of("admin", "-100", "monitor", "-200"), settings.chatsFor(AlertLevel.CRITICAL));
        assertEquals(List.of("monitor"), List.copyOf(settings.chatsFor(AlertLevel.NORMAL).keySet()));
    }

    @Test
    void withOneChatEveryAlertGoesThereOnce() {
        AlertSettings adminOnly = ShippedSettings.with(Map.of("notify.alerting.telegram.bot-token", "1:x",
                "notify.alerting.telegram.admin-chat-id", "-100"));
        assertEquals(Map.of("admin", "-100"), adminOnly.chatsFor(AlertLevel.NORMAL));
        assertEquals(Map.of("admin", "-100"), adminOnly.chatsFor(AlertLevel.CRITICAL));
        AlertSettings same = ShippedSettings.with(Map.of("notify.alerting.telegram.bot-token", "1:x",
                "notify.alerting.telegram.admin-chat-id", "-100", "notify.alerting.telegram.monitor-chat-id", "-100"));
        assertEquals(Map.of("admin", "-100"), same.chatsFor(AlertLevel.CRITICAL));
    }

    @Test
    void aTokenWithoutAnyChatSendsNothingAndSaysWhy() {
        AlertSettings settings = ShippedSettings.with(Map.of("notify.alerting.telegram.bot-token", "1:x"));
        assertFalse(settings.telegramConfigured());
        assertTrue(settings.notConfiguredReason().startsWith("no Telegram chat id is configured"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "notify.alerting.language|fr|notify.alerting.language: it must be zh or en, not \"fr\"",
            "notify.alerting.time-zone|Mars/Olympus|notify.alerting.time-zone: it must be a time zone",
            "notify.alerting.telegram.api-url|ftp://x|notify.alerting.telegram.api-url: it must be an http or https URL",
            "notify.alerting.success-rate.threshold|101|notify.alerting.success-rate.threshold: it must be a percentage",
            "notify.alerting.queue-backlog.threshold|0|notify.alerting.queue-backlog.threshold: it must be a whole number",
            "notify.alerting.error-rate.enabled|yes|notify.alerting.error-rate.enabled: it must be true or false",
            "notify.alerting.threshold.interval-seconds|abc|notify.alerting.threshold.interval-seconds: it must be"})
    void aWrongValueStopsTheStartWithASentenceNamingTheKey(String key, String value, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ShippedSettings.with(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith("Invalid setting " + message), e.getMessage());
    }

    @Test
    void aSwitchedOffTypeIsNotEvaluated() {
        AlertSettings settings = ShippedSettings.with(Map.of("notify.alerting.queue-backlog.enabled", "false",
                "notify.alerting.slow-merchant.enabled", "false"));
        assertFalse(settings.enabled(AlertType.SLOW_MERCHANT));
        assertFalse(settings.enabledThresholdTypes().contains(AlertType.QUEUE_BACKLOG));
    }
}
