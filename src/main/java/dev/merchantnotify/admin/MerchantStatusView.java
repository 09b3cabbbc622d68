package dev.merchantnotify.admin;

import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** A merchant's status as the admin API shows it (the seed's fields, plus the breaker's times). */
public record MerchantStatusView(String merchantKey, String notifyUrl, int failureCount, BigDecimal avgResponseTime,
                                 boolean isCircuitBreakerOpen, boolean isSlowMerchant, String status,
                                 String breakerState, Instant breakerOpenUntil) {

    static MerchantStatusView of(MerchantHealth health, String notifyUrl) {
        return new MerchantStatusView(health.merchantKey(), notifyUrl, health.consecutiveFailures(),
                BigDecimal.valueOf(health.meanResponseMillis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP),
                health.status() == MerchantStatus.CIRCUIT_BREAKER, health.slow(),
                health.status().apiName(), health.breaker().apiName(),
                health.openUntilMillis() == 0 ? null : Instant.ofEpochMilli(health.openUntilMillis()));
    }
}
