package dev.merchantnotify.alerting;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code notify.alerting.*} settings, the counterpart of the seed's {@code config/telegram.php}: the bot and its two
 * chats, the language and time zone of the texts, and per alert type whether it is sent, whether it is critical and
 * its threshold. Read once and validated at start-up (a wrong value stops the application with a sentence naming the
 * key). Defaults and meanings are in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class AlertSettings {

    /** The language of the alert texts. */
    public enum Language {
        /** The seed's Chinese texts. */
        ZH,
        /** English. */
        EN
    }

    private static final String PREFIX = "notify.alerting.";

    @Inject
    Config config;

    private Function<String, Optional<String>> values;
    private String botToken;
    private String adminChatId;
    private String monitorChatId;
    private URI apiUrl;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Language language;
    private ZoneId zone;
    private final Map<AlertType, Boolean> enabled = new EnumMap<>(AlertType.class);
    private final Map<AlertType, AlertLevel> levels = new EnumMap<>(AlertType.class);
    private Duration breakerRepeat;
    private Duration slowMerchantRepeat;
    private long queueBacklogThreshold;
    private double successRateThreshold;
    private long responseTimeThresholdMillis;
    private double errorRateThreshold;
    private Duration evaluationInterval;
    private Duration window;
    private Duration thresholdRepeat;
    private int minAttempts;

    @PostConstruct
    void read() {
        read(key -> config.getOptionalValue(key, String.class));
    }

    /** For tests and tools: settings from a lookup of {@code notify.alerting.*} keys. */
    public static AlertSettings of(Function<String, Optional<String>> values) {
        AlertSettings settings = new AlertSettings();
        settings.read(values);
        return settings;
    }

    private void read(Function<String, Optional<String>> lookup) {
        values = lookup;
        botToken = string("telegram.bot-token");
        adminChatId = string("telegram.admin-chat-id");
        monitorChatId = string("telegram.monitor-chat-id");
        String url = string("telegram.api-url");
        try {
            apiUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            apiUrl = null;
        }
        require(apiUrl != null && apiUrl.getHost() != null
                && ("https".equals(apiUrl.getScheme()) || "http".equals(apiUrl.getScheme())),
                "telegram.api-url", "an http or https URL, e.g. https://api.telegram.org");
        connectTimeout = Duration.ofMillis(number("telegram.connect-timeout-ms", 1, 60_000));
        requestTimeout = Duration.ofMillis(number("telegram.request-timeout-ms", 1, 60_000));
        String languageName = string("language");
        language = switch (languageName.toLowerCase(Locale.ROOT)) {
            case "zh" -> Language.ZH;
            case "en" -> Language.EN;
            default -> throw invalid("language", "zh or en, not \"" + languageName + "\"");
        };
        String zoneName = string("time-zone");
        try {
            zone = ZoneId.of(zoneName);
        } catch (RuntimeException e) {
            throw invalid("time-zone", "a time zone such as UTC, Asia/Shanghai or +08:00, not \"" + zoneName + "\"");
        }
        for (AlertType type : AlertType.values()) {
            enabled.put(type, bool(type.configName() + ".enabled"));
            levels.put(type, bool(type.configName() + ".critical") ? AlertLevel.CRITICAL : AlertLevel.NORMAL);
        }
        breakerRepeat = Duration.ofSeconds(number("merchant-circuit-breaker.repeat-seconds", 1, Integer.MAX_VALUE));
        slowMerchantRepeat = Duration.ofSeconds(number("slow-merchant.repeat-seconds", 1, Integer.MAX_VALUE));
        queueBacklogThreshold = number("queue-backlog.threshold", 1, Long.MAX_VALUE);
        successRateThreshold = percent("success-rate.threshold");
        responseTimeThresholdMillis = number("response-time.threshold-ms", 1, Long.MAX_VALUE);
        errorRateThreshold = percent("error-rate.threshold");
        evaluationInterval = Duration.ofSeconds(number("threshold.interval-seconds", 1, 86_400));
        window = Duration.ofSeconds(number("threshold.window-seconds", 1, 86_400));
        thresholdRepeat = Duration.ofSeconds(number("threshold.repeat-seconds", 1, Integer.MAX_VALUE));
        minAttempts = (int) number("threshold.min-attempts", 1, 1_000_000);
    }

    /** Whether alerts can be sent: a bot token and at least one chat id. */
    public boolean telegramConfigured() {
        return !botToken.isEmpty() && !(adminChatId.isEmpty() && monitorChatId.isEmpty());
    }

    /** Why alerts are not sent, when {@link #telegramConfigured()} is false. */
    public String notConfiguredReason() {
        return botToken.isEmpty()
                ? "no Telegram bot token is configured (TELEGRAM_BOT_TOKEN)"
                : "no Telegram chat id is configured (TELEGRAM_ADMIN_CHAT_ID, TELEGRAM_MONITOR_CHAT_ID)";
    }

    String botToken() {
        return botToken;
    }

    /**
     * The chats an alert of this level goes to: critical ones to the admin and the monitor chat, normal ones to the
     * monitor chat (to the admin chat when there is no monitor chat). Named "admin" and "monitor" in the history.
     */
    Map<String, String> chatsFor(AlertLevel level) {
        Map<String, String> chats = new LinkedHashMap<>();
        if (level == AlertLevel.CRITICAL || monitorChatId.isEmpty()) {
            put(chats, "admin", adminChatId);
        }
        put(chats, "monitor", monitorChatId);
        return chats;
    }

    private static void put(Map<String, String> chats, String name, String id) {
        if (!id.isEmpty() && !chats.containsValue(id)) {
            chats.put(name, id);
        }
    }

    URI apiUrl() {
        return apiUrl;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    Language language() {
        return language;
    }

    ZoneId zone() {
        return zone;
    }

    /** Whether alerts of this type are raised automatically (an operator's send-alert is sent whatever this says). */
    public boolean enabled(AlertType type) {
        return enabled.get(type);
    }

    public AlertLevel level(AlertType type) {
        return levels.get(type);
    }

    /** The types that are critical, by API name, for the start-up log. */
    List<String> criticalTypes() {
        List<String> names = new ArrayList<>();
        levels.forEach((type, level) -> {
            if (level == AlertLevel.CRITICAL) {
                names.add(type.apiName());
            }
        });
        return names;
    }

    Set<AlertType> enabledThresholdTypes() {
        Set<AlertType> types = new LinkedHashSet<>();
        enabled.forEach((type, on) -> {
            if (on && type.threshold()) {
                types.add(type);
            }
        });
        return types;
    }

    /** A breaker that opens again after a failed probe within this period is not announced again. */
    Duration breakerRepeat() {
        return breakerRepeat;
    }

    /** A merchant that turns slow again within this period is not announced again. */
    Duration slowMerchantRepeat() {
        return slowMerchantRepeat;
    }

    long queueBacklogThreshold() {
        return queueBacklogThreshold;
    }

    double successRateThreshold() {
        return successRateThreshold;
    }

    long responseTimeThresholdMillis() {
        return responseTimeThresholdMillis;
    }

    double errorRateThreshold() {
        return errorRateThreshold;
    }

    Duration evaluationInterval() {
        return evaluationInterval;
    }

    Duration window() {
        return window;
    }

    Duration thresholdRepeat() {
        return thresholdRepeat;
    }

    int minAttempts() {
        return minAttempts;
    }

    private String string(String key) {
        return values.apply(PREFIX + key).map(String::trim).orElse("");
    }

    private boolean bool(String key) {
        String value = string(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "true or false, not \"" + value + "\"");
        };
    }

    private long number(String key, long min, long max) {
        String value = string(key);
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "a whole number between " + min + " and " + max + ", not \"" + value + "\"");
    }

    private double percent(String key) {
        String value = string(key);
        try {
            double number = Double.parseDouble(value);
            if (number >= 0 && number <= 100) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "a percentage between 0 and 100, not \"" + value + "\"");
    }

    private static void require(boolean valid, String key, String expectation) {
        if (!valid) {
            throw invalid(key, expectation);
        }
    }

    private static IllegalStateException invalid(String key, String expectation) {
        return new IllegalStateException("Invalid setting " + PREFIX + key + ": it must be " + expectation);
    }
}
