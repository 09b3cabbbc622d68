package dev.merchantnotify.operator;

import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantStatus;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A merchant's status as the admin API shows it: the seed's fields ({@code avg_response_time} in seconds, 3
 * decimals), then the breaker's state and until when it is open, and when the merchant was first seen.
 */
@JsonbPropertyOrder({"merchantKey", "notifyUrl", "failureCount", "avgResponseTime", "isCircuitBreakerOpen",
        "isSlowMerchant", "status", "breakerState", "breakerOpenUntil", "firstSeenAt"})
public record MerchantStatusView(String merchantKey, String notifyUrl, int failureCount, BigDecimal avgResponseTime,
                                 boolean isCircuitBreakerOpen, boolean isSlowMerchant, String status,
                                 String breakerState, Instant breakerOpenUntil, Instant firstSeenAt) {

    public static MerchantStatusView of(MerchantHealth health, String notifyUrl, Instant firstSeenAt) {
        return new MerchantStatusView(health.merchantKey(), notifyUrl, health.consecutiveFailures(),
                BigDecimal.valueOf(health.meanResponseMillis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP),
                health.status() == MerchantStatus.CIRCUIT_BREAKER, health.slow(),
                health.status().apiName(), health.breaker().apiName(),
                health.openUntilMillis() == 0 ? null : Instant.ofEpochMilli(health.openUntilMillis()), firstSeenAt);
    }
}
