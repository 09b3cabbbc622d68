package dev.merchantnotify.alerting;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an alert is about. Each type has the name the admin API and the history show ({@link #apiName()}) and the
 * name of its settings, {@code notify.alerting.<configName>.*}.
 */
public enum AlertType {
    /** A merchant's circuit breaker opened: its notifications are on hold. */
    CIRCUIT_BREAKER("circuit_breaker", "merchant-circuit-breaker", true),
    /** A merchant answers slowly: fewer of its notifications are in flight at once. */
    SLOW_MERCHANT("slow_merchant", "slow-merchant", true),
    /** The pending queue holds more ids than the threshold: deliveries lag. */
    QUEUE_BACKLOG("queue_backlog", "queue-backlog", false),
    /** The share of successful attempts in the window fell below the threshold. */
    SUCCESS_RATE("success_rate", "success-rate", false),
    /** The mean response time of the attempts in the window rose above the threshold. */
    RESPONSE_TIME("response_time", "response-time", false),
    /** The share of attempts that got no usable answer (no connection, timeout, broken exchange, HTTP 5xx) rose above the threshold. */
    ERROR_RATE("error_rate", "error-rate", false),
    /**
     * The hourly notifications, success rate or p95 response time of the platform or of a merchant stayed outside the
     * forecast's prediction band for {@code notify.analysis.anomaly.hours} hours in a row (see
     * {@code dev.merchantnotify.analysis}); its recovery when it is back inside as long.
     */
    ANOMALY("anomaly", "anomaly", false);

    private final String apiName;
    private final String configName;
    private final boolean aboutMerchant;

    AlertType(String apiName, String configName, boolean aboutMerchant) {
        this.apiName = apiName;
        this.configName = configName;
        this.aboutMerchant = aboutMerchant;
    }

    public String apiName() {
        return apiName;
    }

    String configName() {
        return configName;
    }

    /** Whether the alert concerns one merchant (raised on its status change or by an operator) or the whole service. */
    public boolean aboutMerchant() {
        return aboutMerchant;
    }

    /** Whether it is one of the thresholds {@link ThresholdWatch} evaluates. */
    boolean threshold() {
        return !aboutMerchant && this != ANOMALY;
    }

    public static Optional<AlertType> fromApiName(String name) {
        return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
    }
}
