package dev.merchantnotify.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.alerting.AlertSettings.Language;
import dev.merchantnotify.merchant.BreakerState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {

    private static final Instant AT = Instant.parse("2025-10-10T06:30:05Z");

    private final AlertMessages zh = new AlertMessages(Language.ZH, ZoneOffset.UTC);
    private final AlertMessages en = new AlertMessages(Language.EN, ZoneOffset.UTC);

    @Test
    void theBreakerAlertIsTheSeedsFormat() {
        assertEquals("""
                🚨 商户通知熔断器告警

                时间: 2025-10-10 06:30:05
                商户标识: 3f2a9c1d8e7b6a50
                失败次数: 5
                熔断时长: 5分钟
                状态: 熔断器已开启

                影响: 该商户的通知将被暂停5分钟，避免影响其他商户的正常通知。

                建议: 请检查商户服务器状态和网络连接。""",
                zh.circuitBreaker(AT, "3f2a9c1d8e7b6a50", 5, Duration.ofMinutes(5), BreakerState.OPEN));
    }

    @Test
    void theSlowMerchantAlertIsTheSeedsFormat() {
        assertEquals("""
                ⚠️ 慢商户告警

                时间: 2025-10-10 06:30:05
                商户标识: 3f2a9c1d8e7b6a50
                平均响应时间: 3.457秒
                阈值: 3秒
                状态: 响应过慢

                影响: 该商户响应时间超过阈值，可能影响通知效率。

                建议: 请检查商户服务器性能和网络状况。""",
                zh.slowMerchant(AT, "3f2a9c1d8e7b6a50", 3457, 3000, true));
    }

    @Test
    void theEnglishVariantCarriesTheSameFigures() {
        assertEquals("""
                🚨 Merchant notification circuit breaker alert

                Time: 2025-10-10 06:30:05
                Merchant key: 3f2a9c1d8e7b6a50
                Failures: 7
                Open for: 90 s
                Status: circuit breaker open

                Impact: this merchant's notifications are paused for 90 s, so that other merchants' notifications \
                are not affected.

                Advice: check the merchant's server and network connection.""",
                en.circuitBreaker(AT, "3f2a9c1d8e7b6a50", 7, Duration.ofSeconds(90), BreakerState.OPEN));
        assertEquals("""
                ⚠️ Slow merchant alert

                Time: 2025-10-10 06:30:05
                Merchant key: 3f2a9c1d8e7b6a50
                Mean response time: 12.000 s
                Threshold: 3.5 s
                Status: responding too slowly

                Impact: this merchant's response time is above the threshold, which may slow its notifications down.

                Advice: check the merchant's server performance and network.""",
                en.slowMerchant(AT, "3f2a9c1d8e7b6a50", 12_000, 3500, true));
    }

    @Test
    void timesAreShownInTheConfiguredZone() {
        AlertMessages shanghai = new AlertMessages(Language.ZH, ZoneId.of("Asia/Shanghai"));
        assertTrue(shanghai.slowMerchant(AT, "k", 1, 1, false).startsWith("⚠️ 慢商户告警\n\n时间: 2025-10-10 14:30:05\n"));
    }

    @Test
    void aThresholdAlertAndItsRecovery() {
        assertEquals("""
                🚨 通知成功率过低告警

                时间: 2025-10-10 06:30:05
                成功率: 91.25%（最近5分钟，160次投递）
                阈值: 95.00%
                状态: 超过阈值

                影响: 更多通知需要重试，商户收到通知会延迟。

                建议: 请查看投递日志和商户状态列表，找出相关商户。""",
                zh.threshold(AlertType.SUCCESS_RATE, AlertLevel.CRITICAL, false, AT, zh.percent(91.25), zh.percent(95),
                        Duration.ofMinutes(5), 160));
        assertEquals("""
                ✅ Notification queue backlog: recovered

                Time: 2025-10-10 06:30:05
                Pending queue: 12 notifications
                Threshold: 1000 notifications
                Status: back within the threshold
                """,
                en.threshold(AlertType.QUEUE_BACKLOG, AlertLevel.CRITICAL, true, AT, en.count(12), en.count(1000),
                        Duration.ofMinutes(5), -1));
    }
}
