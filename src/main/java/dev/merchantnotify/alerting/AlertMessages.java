package dev.merchantnotify.alerting;

import dev.merchantnotify.merchant.MerchantHealth;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The texts of the merchant alerts, in the seed's format, with the merchant's real figures. */
final class AlertMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private AlertMessages() {
    }

    static String circuitBreaker(Instant at, MerchantHealth health, Duration openPeriod) {
        String period = duration(openPeriod);
        String state = switch (health.breaker()) {
            case OPEN -> "熔断器已开启";
            case HALF_OPEN -> "熔断器半开（探测中）";
            case CLOSED -> "熔断器未开启";
        };
        return "🚨 商户通知熔断器告警\n\n"
                + "时间: " + TIME.format(at) + "\n"
                + "商户标识: " + health.merchantKey() + "\n"
                + "失败次数: " + health.consecutiveFailures() + "\n"
                + "熔断时长: " + period + "\n"
                + "状态: " + state + "\n\n"
                + "影响: 该商户的通知将被暂停" + period + "，避免影响其他商户的正常通知。\n\n"
                + "建议: 请检查商户服务器状态和网络连接。";
    }

    static String slowMerchant(Instant at, MerchantHealth health, long thresholdMillis) {
        return "⚠️ 慢商户告警\n\n"
                + "时间: " + TIME.format(at) + "\n"
                + "商户标识: " + health.merchantKey() + "\n"
                + "平均响应时间: " + seconds(health.meanResponseMillis(), 3) + "秒\n"
                + "阈值: " + seconds(thresholdMillis, -1) + "秒\n"
                + "状态: " + (health.slow() ? "响应过慢" : "响应正常") + "\n\n"
                + "影响: 该商户响应时间超过阈值，可能影响通知效率。\n\n"
                + "建议: 请检查商户服务器性能和网络状况。";
    }

    /** Whole minutes as "5分钟", anything else in seconds ("90秒"). */
    private static String duration(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "分钟" : duration.toSeconds() + "秒";
    }

    /** Milliseconds as seconds: with {@code scale} decimals, or as few as needed when it is negative. */
    private static String seconds(long millis, int scale) {
        BigDecimal value = BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(1000));
        return scale >= 0 ? value.setScale(scale, RoundingMode.HALF_UP).toPlainString()
                : value.stripTrailingZeros().toPlainString();
    }
}
