package dev.merchantnotify.operator;

import dev.merchantnotify.merchant.BreakerState;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantHealth;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A merchant's status as the admin API shows it: the seed's fields ({@code avg_response_time} in seconds, 3
 * decimals), then the breaker's state and until when it is open, when the merchant was first seen, and an operator's
 * pause (when, by whom, why; null when it is not paused). {@code status} is {@code paused} while paused, whatever the
 * breaker says; {@code is_circuit_breaker_open} is the breaker's own state.
 */
@JsonbPropertyOrder({"merchantKey", "notifyUrl", "failureCount", "avgResponseTime", "isCircuitBreakerOpen",
        "isSlowMerchant", "status", "breakerState", "breakerOpenUntil", "firstSeenAt", "isPaused", "pausedAt",
        "pausedBy", "pausedReason"})
public record MerchantStatusView(String merchantKey, String notifyUrl, int failureCount, BigDecimal avgResponseTime,
                                 boolean isCircuitBreakerOpen, boolean isSlowMerchant, String status,
                                 String breakerState, Instant breakerOpenUntil, Instant firstSeenAt, boolean isPaused,
                                 Instant pausedAt, String pausedBy, String pausedReason) {

    /** The merchant's live health (Redis) with what its row remembers (first seen, the pause's who and why). */
    public static MerchantStatusView of(MerchantHealth health, Merchant merchant) {
        return of(health, merchant, merchant.getNotifyUrl());
    }

    /** The same, showing the notify URL as the operator gave it (one of the merchant's URLs). */
    public static MerchantStatusView of(MerchantHealth health, Merchant merchant, String notifyUrl) {
        return new MerchantStatusView(health.merchantKey(), notifyUrl, health.consecutiveFailures(),
                BigDecimal.valueOf(health.meanResponseMillis()).divide(BigDecimal.valueOf(1000), 3, RoundingMode.HALF_UP),
                health.breaker() != BreakerState.CLOSED, health.slow(),
                health.status().apiName(), health.breaker().apiName(),
                health.openUntilMillis() == 0 ? null : Instant.ofEpochMilli(health.openUntilMillis()),
                merchant.getFirstSeenAt(), health.paused(), merchant.getPausedAt(), merchant.getPausedBy(),
                merchant.getPausedReason());
    }
}
