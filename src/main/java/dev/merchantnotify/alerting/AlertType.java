package dev.merchantnotify.alerting;

import java.util.Arrays;
import java.util.Optional;

/** What an alert is about, by the seed's names, and how urgent it is. */
public enum AlertType {
    /** A merchant's circuit breaker opened: its notifications are on hold. */
    CIRCUIT_BREAKER("circuit_breaker", AlertLevel.CRITICAL),
    /** A merchant answers slowly: fewer of its notifications are in flight at once. */
    SLOW_MERCHANT("slow_merchant", AlertLevel.NORMAL);

    private final String apiName;
    private final AlertLevel level;

    AlertType(String apiName, AlertLevel level) {
        this.apiName = apiName;
        this.level = level;
    }

    public String apiName() {
        return apiName;
    }

    public AlertLevel level() {
        return level;
    }

    public static Optional<AlertType> fromApiName(String name) {
        return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
    }
}
