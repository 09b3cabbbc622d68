package dev.merchantnotify.alerting;

import java.util.Locale;

/** How urgent an alert is: critical alerts go to every chat, normal ones to the monitoring chat. */
public enum AlertLevel {
    CRITICAL,
    NORMAL;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
