package dev.merchantnotify.alerting;

import dev.merchantnotify.alerting.AlertSettings.Language;
import dev.merchantnotify.merchant.BreakerState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The texts of the alerts: the seed's two merchant formats (🚨 商户通知熔断器告警, ⚠️ 慢商户告警) with the real figures, the
 * threshold alerts and their recoveries in the same layout, each in Chinese or English.
 */
final class AlertMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private final Language language;
    private final ZoneId zone;

    AlertMessages(Language language, ZoneId zone) {
        this.language = language;
        this.zone = zone;
    }

    String circuitBreaker(Instant at, String merchantKey, int failures, Duration openPeriod, BreakerState state) {
        String period = duration(openPeriod);
        if (language == Language.EN) {
            String status = switch (state) {
                case OPEN -> "circuit breaker open";
                case HALF_OPEN -> "circuit breaker half-open (probing)";
                case CLOSED -> "circuit breaker closed";
            };
            return "🚨 Merchant notification circuit breaker alert\n\n"
                    + "Time: " + time(at) + "\n"
                    + "Merchant key: " + merchantKey + "\n"
                    + "Failures: " + failures + "\n"
                    + "Open for: " + period + "\n"
                    + "Status: " + status + "\n\n"
                    + "Impact: this merchant's notifications are paused for " + period
                    + ", so that other merchants' notifications are not affected.\n\n"
                    + "Advice: check the merchant's server and network connection.";
        }
        String status = switch (state) {
            case OPEN -> "熔断器已开启";
            case HALF_OPEN -> "熔断器半开（探测中）";
            case CLOSED -> "熔断器未开启";
        };
        return "🚨 商户通知熔断器告警\n\n"
                + "时间: " + time(at) + "\n"
                + "商户标识: " + merchantKey + "\n"
                + "失败次数: " + failures + "\n"
                + "熔断时长: " + period + "\n"
                + "状态: " + status + "\n\n"
                + "影响: 该商户的通知将被暂停" + period + "，避免影响其他商户的正常通知。\n\n"
                + "建议: 请检查商户服务器状态和网络连接。";
    }

    String slowMerchant(Instant at, String merchantKey, long meanMillis, long thresholdMillis, boolean slow) {
        if (language == Language.EN) {
            return "⚠️ Slow merchant alert\n\n"
                    + "Time: " + time(at) + "\n"
                    + "Merchant key: " + merchantKey + "\n"
                    + "Mean response time: " + seconds(meanMillis, 3) + " s\n"
                    + "Threshold: " + seconds(thresholdMillis, -1) + " s\n"
                    + "Status: " + (slow ? "responding too slowly" : "responding normally") + "\n\n"
                    + "Impact: this merchant's response time is above the threshold, which may slow its "
                    + "notifications down.\n\n"
                    + "Advice: check the merchant's server performance and network.";
        }
        return "⚠️ 慢商户告警\n\n"
                + "时间: " + time(at) + "\n"
                + "商户标识: " + merchantKey + "\n"
                + "平均响应时间: " + seconds(meanMillis, 3) + "秒\n"
                + "阈值: " + seconds(thresholdMillis, -1) + "秒\n"
                + "状态: " + (slow ? "响应过慢" : "响应正常") + "\n\n"
                + "影响: 该商户响应时间超过阈值，可能影响通知效率。\n\n"
                + "建议: 请检查商户服务器性能和网络状况。";
    }

    /**
     * A threshold alert, or its recovery.
     *
     * @param figure    the measured value, formatted ({@link #count}, {@link #percent}, {@link #millis})
     * @param threshold the threshold, formatted the same way
     * @param attempts  the attempts in the window the figure is computed from; -1 when it is not a window figure
     */
    String threshold(AlertType type, AlertLevel level, boolean recovered, Instant at, String figure, String threshold,
                     Duration window, long attempts) {
        boolean en = language == Language.EN;
        String icon = recovered ? "✅" : level == AlertLevel.CRITICAL ? "🚨" : "⚠️";
        String title = switch (type) {
            case QUEUE_BACKLOG -> en ? "Notification queue backlog" : "通知队列积压";
            case SUCCESS_RATE -> en ? "Low delivery success rate" : "通知成功率过低";
            case RESPONSE_TIME -> en ? "Slow merchant responses" : "商户平均响应时间过长";
            case ERROR_RATE -> en ? "High delivery error rate" : "通知错误率过高";
            default -> throw new IllegalArgumentException(type + " is not a threshold alert");
        };
        String measure = switch (type) {
            case QUEUE_BACKLOG -> en ? "Pending queue" : "待处理队列";
            case SUCCESS_RATE -> en ? "Success rate" : "成功率";
            case RESPONSE_TIME -> en ? "Mean response time" : "平均响应时间";
            default -> en ? "Error rate" : "错误率";
        };
        String scope = attempts < 0 ? ""
                : en ? " (last " + duration(window) + ", " + attempts
                        + " attempts)"
                : "（最近" + duration(window) + "，" + attempts + "次投递）";
        StringBuilder text = new StringBuilder()
                .append(icon).append(' ').append(title)
                .append(en ? (recovered ? ": recovered" : " alert") : (recovered ? "已恢复" : "告警"))
                .append("\n\n")
                .append(en ? "Time: " : "时间: ").append(time(at)).append('\n')
                .append(measure).append(": ").append(figure).append(scope).append('\n')
                .append(en ? "Threshold: " : "阈值: ").append(threshold).append('\n')
                .append(en ? "Status: " : "状态: ")
                .append(recovered ? (en ? "back within the threshold" : "已恢复正常")
                        : (en ? "threshold exceeded" : "超过阈值"))
                .append('\n');
        if (!recovered) {
            text.append('\n').append(en ? "Impact: " : "影响: ").append(switch (type) {
                case QUEUE_BACKLOG -> en ? "notifications wait longer before their first delivery attempt."
                        : "通知等待投递的时间变长，商户收到通知会延迟。";
                case SUCCESS_RATE -> en ? "more notifications need retries and reach merchants late."
                        : "更多通知需要重试，商户收到通知会延迟。";
                case RESPONSE_TIME -> en ? "slow answers hold delivery capacity and lower throughput."
                        : "慢响应占用投递能力，整体吞吐下降。";
                default -> en ? "merchants are unreachable or failing; their notifications wait for retries."
                        : "商户无法访问或出错，其通知将等待重试。";
            }).append("\n\n").append(en ? "Advice: " : "建议: ").append(switch (type) {
                case QUEUE_BACKLOG -> en ? "check that the dispatch nodes run, and the merchant status list for slow "
                        + "or failing merchants." : "请检查投递节点是否正常运行，并查看商户状态列表中的慢商户和熔断商户。";
                default -> en ? "check the delivery log and the merchant status list for the merchants concerned."
                        : "请查看投递日志和商户状态列表，找出相关商户。";
            });
        }
        return text.toString();
    }

    /** An anomaly, or its recovery, in the threshold alerts' layout. */
    String anomaly(Anomaly anomaly, AlertLevel level) {
        boolean en = language == Language.EN;
        boolean recovered = anomaly.recovered();
        String icon = recovered ? "✅" : level == AlertLevel.CRITICAL ? "🚨" : "⚠️";
        String title = switch (anomaly.measure()) {
            case NOTIFICATIONS -> en ? "Unusual notification volume" : "通知量异常";
            case SUCCESS_RATE -> en ? "Unusual success rate" : "成功率异常";
            case P95_RESPONSE_TIME -> en ? "Unusual response time" : "响应时间异常";
        };
        String measure = switch (anomaly.measure()) {
            case NOTIFICATIONS -> en ? "Notifications per hour" : "每小时通知数";
            case SUCCESS_RATE -> en ? "Success rate per hour" : "每小时成功率";
            case P95_RESPONSE_TIME -> en ? "p95 response time per hour" : "每小时P95响应时间";
        };
        StringBuilder text = new StringBuilder()
                .append(icon).append(' ').append(title)
                .append(en ? (recovered ? ": recovered" : " alert") : (recovered ? "已恢复" : "告警"))
                .append("\n\n")
                .append(en ? "Time: " : "时间: ").append(time(anomaly.at())).append('\n')
                .append(en ? "Scope: " : "范围: ").append(anomaly.merchant() == null ? (en ? "whole platform" : "全平台")
                        : (en ? "merchant " : "商户 ") + anomaly.merchant()).append('\n')
                .append(en ? "Measure: " : "指标: ").append(measure).append('\n');
        for (Anomaly.Hour hour : anomaly.hours()) {
            text.append(HOUR.format(hour.start().atZone(zone))).append(en ? "  actual " : "  实际 ")
                    .append(value(anomaly.measure(), hour.actual())).append(en ? ", forecast " : "，预测区间 ")
                    .append(value(anomaly.measure(), Math.max(0, hour.lower()))).append(" – ")
                    .append(value(anomaly.measure(), hour.upper())).append('\n');
        }
        String direction = anomaly.above() ? (en ? "above" : "高于") : (en ? "below" : "低于");
        text.append(en ? "Status: " : "状态: ").append(recovered
                ? (en ? "back within the forecast" : "已回到预测区间内")
                : (en ? direction + " the forecast for " + anomaly.hours().size() + " hours"
                        : "连续" + anomaly.hours().size() + "小时" + direction + "预测区间")).append('\n');
        if (!recovered) {
            text.append('\n').append(en ? "Impact: " : "影响: ").append(switch (anomaly.measure()) {
                case NOTIFICATIONS -> anomaly.above()
                        ? (en ? "more notifications than usual at this hour: queues and merchants carry more load."
                                : "通知量高于同期，队列和商户负载增加。")
                        : (en ? "fewer notifications than usual at this hour: orders may not be reaching the service."
                                : "通知量低于同期，订单通知可能未送达本服务。");
                case SUCCESS_RATE -> en ? "deliveries succeed less often than usual at this hour."
                        : "投递成功率与同期相比异常，商户收到通知可能延迟。";
                case P95_RESPONSE_TIME -> en ? "merchants answer slower than usual at this hour."
                        : "商户响应时间与同期相比异常，投递效率受影响。";
            }).append("\n\n").append(en ? "Advice: " : "建议: ").append(anomaly.merchant() == null
                    ? (en ? "compare with the analysis dashboard by merchant and failure reason."
                            : "请在数据分析面板中按商户和失败原因查看。")
                    : (en ? "check this merchant's delivery log and status." : "请查看该商户的投递日志和状态。"));
        }
        return text.toString();
    }

    private String value(Anomaly.Measure measure, double value) {
        return switch (measure) {
            case NOTIFICATIONS -> count(Math.round(value));
            case SUCCESS_RATE -> percent(Math.min(100, value));
            case P95_RESPONSE_TIME -> millis(Math.round(value));
        };
    }

    String count(long count) {
        return language == Language.EN ? count + " notifications" : count + "条";
    }

    String percent(double percent) {
        return BigDecimal.valueOf(percent).setScale(2, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    String millis(long millis) {
        return seconds(millis, 3) + (language == Language.EN ? " s" : "秒");
    }

    private String time(Instant at) {
        return TIME.format(at.atZone(zone));
    }

    /** Whole minutes as "5分钟", anything else in seconds ("90秒"); English: "5 min", "90 s". */
    private String duration(Duration duration) {
        boolean minutes = duration.toSeconds() % 60 == 0;
        if (language == Language.EN) {
            return minutes ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
        }
        return minutes ? duration.toMinutes() + "分钟" : duration.toSeconds() + "秒";
    }

    /** Milliseconds as seconds: with {@code scale} decimals, or as few as needed when it is negative. */
    private static String seconds(long millis, int scale) {
        BigDecimal value = BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(1000));
        return scale >= 0 ? value.setScale(scale, RoundingMode.HALF_UP).toPlainString()
                : value.stripTrailingZeros().toPlainString();
    }
}
