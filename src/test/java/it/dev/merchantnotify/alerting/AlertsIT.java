package it.dev.merchantnotify.alerting;

import static it.dev.merchantnotify.NotifyApi.await;
import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import it.dev.merchantnotify.NotifyApi.Answer;
import it.dev.merchantnotify.StubTelegram;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Alerts against a stub Telegram Bot API on loopback: the breaker alert's text and chats, the slow-merchant alert once
 * per period, each threshold alert and its recovery, and a Telegram that fails or hangs, which delays nothing and
 * leaves a stored "not sent". The test server: token 12345:it-token, admin chat -1001, monitor chat -1002, thresholds
 * evaluated every second over 4 s (see src/test/liberty/it-server).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsIT extends AgainstServer {

    private static final String ADMIN_CHAT = "-1001";
    private static final String MONITOR_CHAT = "-1002";
    private static final Pattern TIME = Pattern.compile("时间: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\n");

    private static StubTelegram telegram;

    @BeforeAll
    static void startTelegram() throws IOException {
        telegram = new StubTelegram();
        awaitTelegramReachable();
    }

    @AfterAll
    static void stopTelegram() {
        telegram.close();
    }

    private long submit(String orderNo, String url) {
        Answer answer = api.submit(notificationJson(orderNo, url, null));
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    private String merchantKey(String url) {
        Answer status = api.admin("merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        assertEquals(200, status.status(), status.rawBody());
        return status.data().getString("merchant_key");
    }

    private boolean isSlow(String url) {
        return api.admin("merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8)).data()
                .getBoolean("is_slow_merchant");
    }

    /** The stored alerts of one type (newest first, at most 100). */
    private List<JsonObject> history(String type) {
        Answer alerts = api.admin("alerts?limit=100&alert_type=" + type);
        assertEquals(200, alerts.status(), alerts.rawBody());
        return alerts.data().getJsonArray("list").stream().map(JsonValue::asJsonObject).toList();
    }

    /** Waits until no threshold condition holds (the earlier tests' traffic has left the window). */
    private void awaitNoThresholdExceeded() {
        await(() -> redis.hlen("merchant_notify_alert_state") == 0, "no threshold is exceeded any more",
                Duration.ofSeconds(90));
    }

    /** Telegram's fault-tolerance breaker may be open after the other test classes (nothing listened): wait it out. */
    private static void awaitTelegramReachable() {
        NotifyApi api = new NotifyApi();
        String orderNo = uniqueOrderNo("warm");
        String url = merchant.url("/ok/" + orderNo);
        api.submit(notificationJson(orderNo, url, null));
        await(() -> {
            Answer sent = api.adminPost("send-alert", "{\"notify_url\":\"" + url + "\",\"alert_type\":\"slow_merchant\"}");
            return sent.status() == 200 && sent.data().getBoolean("sent");
        }, "an alert reaches the stub Telegram", Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void anOpenedBreakerIsACriticalAlertInTheSeedsFormatToBothChatsOnce() {
        String orderNo = uniqueOrderNo("breaker");
        String url = merchant.url("/error/" + orderNo);
        submit(orderNo + "-1", url);
        submit(orderNo + "-2", url);
        String key = merchantKey(url);
        String marker = "商户标识: " + key + "\n失败次数: ";
        await(() -> telegram.messagesWith(marker).size() >= 2, "the breaker alert reaches both chats",
                Duration.ofSeconds(30));

        List<StubTelegram.Message> messages = telegram.messagesWith(marker);
        assertEquals(Set.of(ADMIN_CHAT, MONITOR_CHAT), messages.stream().map(StubTelegram.Message::chatId)
                .collect(Collectors.toSet()));
        assertEquals("/bot12345:it-token/sendMessage", messages.get(0).path());
        String text = messages.get(0).text();
        assertEquals(text, messages.get(1).text());
        Matcher time = TIME.matcher(text);
        assertTrue(time.find(), text);
        LocalDateTime at = LocalDateTime.parse(time.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        assertTrue(Duration.between(at, LocalDateTime.now(ZoneOffset.UTC)).abs().toSeconds() < 60, text);
        Matcher failures = Pattern.compile("失败次数: (\\d+)\n").matcher(text);
        assertTrue(failures.find(), text);
        assertTrue(Integer.parseInt(failures.group(1)) >= 5, text);
        assertEquals("🚨 商户通知熔断器告警\n\n"
                + "时间: " + time.group(1) + "\n"
                + "商户标识: " + key + "\n"
                + "失败次数: " + failures.group(1) + "\n"
                + "熔断时长: 3秒\n"
                + "状态: 熔断器已开启\n\n"
                + "影响: 该商户的通知将被暂停3秒，避免影响其他商户的正常通知。\n\n"
                + "建议: 请检查商户服务器状态和网络连接。", text);

        await(() -> history("circuit_breaker").stream()
                .anyMatch(alert -> key.equals(alert.getString("merchant_key", null))), "the alert is stored", WAIT);
        JsonObject stored = history("circuit_breaker").stream()
                .filter(alert -> key.equals(alert.getString("merchant_key", null))).findFirst().orElseThrow();
        assertEquals("critical", stored.getString("level"));
        assertEquals("automatic", stored.getString("origin"));
        assertTrue(stored.getBoolean("sent"), stored.toString());
        assertEquals("admin,monitor", stored.getString("chats"));
        assertEquals(text, stored.getString("message"));
        assertEquals(url, stored.getString("notify_url"));

        // Its probes fail and the breaker opens again every 3 s: that is not announced again within the period.
        NotifyApi.sleep(7_000);
        assertEquals(2, telegram.messagesWith(marker).size());
    }

    @Test
    @Order(2)
    void aSlowMerchantIsAnnouncedOncePerPeriodHoweverOftenItTurnsSlow() {
        String name = uniqueOrderNo("slow");
        String url = merchant.url("/variable/" + name);
        merchant.setDelay(name, 1500);
        for (int i = 0; i < 3; i++) {
            submit(name + "-a" + i, url);
        }
        await(() -> isSlow(url), "the merchant is slow", Duration.ofSeconds(30));
        String key = merchantKey(url);
        String marker = "商户标识: " + key + "\n平均响应时间: ";
        await(() -> !telegram.messagesWith(marker).isEmpty(), "the slow-merchant alert arrives", Duration.ofSeconds(15));
        StubTelegram.Message alert = telegram.messagesWith(marker).get(0);
        assertEquals(MONITOR_CHAT, alert.chatId(), "a normal alert goes to the monitor chat only");
        assertTrue(alert.text().startsWith("⚠️ 慢商户告警\n\n时间: "), alert.text());
        assertTrue(alert.text().contains("\n阈值: 1秒\n状态: 响应过慢\n\n影响: 该商户响应时间超过阈值，可能影响通知效率。"),
                alert.text());

        merchant.setDelay(name, 0);
        for (int i = 0; i < 5; i++) {
            submit(name + "-b" + i, url);
        }
        await(() -> !isSlow(url), "the merchant recovers", Duration.ofSeconds(30));
        merchant.setDelay(name, 1500);
        for (int i = 0; i < 10; i++) {
            submit(name + "-c" + i, url);
        }
        await(() -> isSlow(url), "the merchant is slow again", Duration.ofSeconds(60));
        NotifyApi.sleep(2_000);
        assertEquals(1, telegram.messagesWith(marker).size(), "announced once within the hour");
        assertEquals(1, history("slow_merchant").stream()
                .filter(stored -> key.equals(stored.getString("merchant_key", null))
                        && "automatic".equals(stored.getString("origin"))).count());
        assertNotNull(redis.hget("merchant_notify_merchant:" + key, "alerted_slow"));
    }

    @Test
    @Order(3)
    void failingMerchantsRaiseTheErrorAndSuccessRateAlertsThenTheirRecoveries() {
        awaitNoThresholdExceeded();
        int errorAlerts = telegram.messagesWith("通知错误率过高告警").size();
        int successAlerts = telegram.messagesWith("通知成功率过低告警").size();
        int errorRecoveries = telegram.messagesWith("通知错误率过高已恢复").size();
        int successRecoveries = telegram.messagesWith("通知成功率过低已恢复").size();
        String orderNo = uniqueOrderNo("rates");
        for (int merchantNo = 0; merchantNo < 5; merchantNo++) {
            for (int i = 0; i < 2; i++) {
                submit(orderNo + "-" + merchantNo + "-" + i, merchant.url("/error/" + orderNo + "-" + merchantNo));
            }
        }
        await(() -> telegram.messagesWith("通知错误率过高告警").size() > errorAlerts
                        && telegram.messagesWith("通知成功率过低告警").size() > successAlerts,
                "the error-rate and success-rate alerts arrive", Duration.ofSeconds(30));
        String error = last(telegram.messagesWith("通知错误率过高告警"));
        assertTrue(error.startsWith("⚠️ 通知错误率过高告警\n\n时间: "), "a normal alert: " + error);
        assertTrue(Pattern.compile("\n错误率: \\d+\\.\\d\\d%（最近4秒，\\d+次投递）\n阈值: 5\\.00%\n状态: 超过阈值\n")
                .matcher(error).find(), error);
        String success = last(telegram.messagesWith("通知成功率过低告警"));
        assertTrue(success.startsWith("🚨 通知成功率过低告警\n\n时间: "), "a critical alert: " + success);
        assertTrue(success.contains("\n阈值: 95.00%\n状态: 超过阈值\n"), success);

        await(() -> telegram.messagesWith("通知错误率过高已恢复").size() > errorRecoveries
                        && telegram.messagesWith("通知成功率过低已恢复").size() > successRecoveries,
                "both recoveries arrive once the failing attempts have left the window", Duration.ofSeconds(90));
        String recovered = last(telegram.messagesWith("通知错误率过高已恢复"));
        assertTrue(recovered.startsWith("✅ 通知错误率过高已恢复\n\n时间: "), recovered);
        assertTrue(recovered.contains("\n状态: 已恢复正常\n"), recovered);
        await(() -> history("error_rate").stream().anyMatch(alert -> alert.getBoolean("recovery")
                && alert.getString("message").equals(recovered)), "the recovery is stored", WAIT);
        JsonObject storedRecovery = history("error_rate").stream()
                .filter(alert -> alert.getString("message").equals(recovered)).findFirst().orElseThrow();
        assertEquals("automatic:recovery", storedRecovery.getString("origin"));
        assertEquals("monitor", storedRecovery.getString("chats"));
        assertTrue(storedRecovery.isNull("merchant_key"));
    }

    @Test
    @Order(4)
    void slowResponsesRaiseTheResponseTimeAlertThenItsRecovery() {
        awaitNoThresholdExceeded();
        int alerts = telegram.messagesWith("商户平均响应时间过长告警").size();
        int recoveries = telegram.messagesWith("商户平均响应时间过长已恢复").size();
        String orderNo = uniqueOrderNo("rt");
        for (int merchantNo = 0; merchantNo < 5; merchantNo++) {
            for (int i = 0; i < 2; i++) {
                submit(orderNo + "-" + merchantNo + "-" + i, merchant.url("/slow-800/" + orderNo + "-" + merchantNo));
            }
        }
        await(() -> telegram.messagesWith("商户平均响应时间过长告警").size() > alerts,
                "the response-time alert arrives", Duration.ofSeconds(30));
        String alert = last(telegram.messagesWith("商户平均响应时间过长告警"));
        assertTrue(Pattern.compile("\n平均响应时间: 0\\.[5-9]\\d\\d秒（最近4秒，\\d+次投递）\n阈值: 0\\.500秒\n")
                .matcher(alert).find(), alert);
        await(() -> telegram.messagesWith("商户平均响应时间过长已恢复").size() > recoveries,
                "its recovery arrives", Duration.ofSeconds(60));
    }

    @Test
    @Order(5)
    void aBacklogInThePendingQueueRaisesTheQueueAlertThenItsRecovery() {
        awaitNoThresholdExceeded();
        int alerts = telegram.messagesWith("通知队列积压告警").size();
        int recoveries = telegram.messagesWith("通知队列积压已恢复").size();
        // Ten merchants that take 10 s to answer fill the node's 512 delivery slots: the rest waits in the queue.
        String orderNo = uniqueOrderNo("backlog");
        List<String> names = new ArrayList<>();
        for (int merchantNo = 0; merchantNo < 10; merchantNo++) {
            names.add(orderNo + "-" + merchantNo);
            merchant.setDelay(orderNo + "-" + merchantNo, 10_000);
        }
        for (int half = 0; half < 2; half++) {
            List<String> batch = new ArrayList<>();
            for (String name : names) {
                for (int i = 0; i < 60; i++) {
                    batch.add(notificationJson(name + "-" + half + "-" + i, merchant.url("/variable/" + name), null));
                }
            }
            Answer accepted = api.submitBatch("{\"notifications\":[" + String.join(",", batch) + "]}");
            assertTrue(accepted.status() == 200 || accepted.status() == 202, accepted.rawBody());
        }
        await(() -> telegram.messagesWith("通知队列积压告警").size() > alerts, "the backlog alert arrives",
                Duration.ofSeconds(30));
        List<StubTelegram.Message> backlog = telegram.messagesWith("通知队列积压告警");
        String text = backlog.get(backlog.size() - 1).text();
        assertTrue(text.startsWith("🚨 通知队列积压告警\n\n时间: "), text);
        Matcher pending = Pattern.compile("\n待处理队列: (\\d+)条\n阈值: 50条\n状态: 超过阈值\n").matcher(text);
        assertTrue(pending.find(), text);
        assertTrue(Integer.parseInt(pending.group(1)) > 50, text);

        names.forEach(name -> merchant.setDelay(name, 0));
        await(() -> telegram.messagesWith("通知队列积压已恢复").size() > recoveries, "the backlog's recovery arrives",
                Duration.ofSeconds(60));
        await(() -> api.admin("logs?limit=1&status=1&order_no=" + orderNo).data().getJsonNumber("total").longValue()
                == 1200, "all 1200 notifications are delivered", Duration.ofSeconds(120));
    }

    @Test
    @Order(6)
    void aHangingOrFailingTelegramDelaysNoDeliveryAndLeavesAStoredNotSent() throws Exception {
        awaitNoThresholdExceeded();
        String orderNo = uniqueOrderNo("tg");
        String url = merchant.url("/ok/" + orderNo);
        api.awaitStatus(submit(orderNo, url), "success", WAIT);
        awaitTelegramReachable();
        String sendBreakerAlert = "{\"notify_url\":\"" + url + "\",\"alert_type\":\"circuit_breaker\"}";
        try {
            // No answer in time: each try waits 1 s, three tries a chat; after four failures Telegram's breaker opens.
            telegram.delay(3_000);
            CompletableFuture<Answer> hanging = CompletableFuture.supplyAsync(
                    () -> new NotifyApi().adminPost("send-alert", sendBreakerAlert));
            NotifyApi.sleep(200);
            long start = System.nanoTime();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(submit(orderNo + "-ok" + i, merchant.url("/ok/" + orderNo + "-" + i)));
            }
            ids.forEach(id -> api.awaitStatus(id, "success", Duration.ofSeconds(10)));
            long deliveredMillis = (System.nanoTime() - start) / 1_000_000;
            assertFalse(hanging.isDone(), "20 deliveries took " + deliveredMillis + " ms while the alert was still "
                    + "being sent");
            Answer timedOut = hanging.get(60, TimeUnit.SECONDS);
            assertEquals(200, timedOut.status(), timedOut.rawBody());
            JsonObject alert = timedOut.data();
            assertFalse(alert.getBoolean("sent"), alert.toString());
            assertTrue(alert.isNull("chats"), alert.toString());
            assertTrue(alert.getString("error").matches("admin: Telegram did not answer in time.*; monitor: not tried: "
                    + "Telegram failed repeatedly, sending is paused for a while \\(circuit breaker open\\)"),
                    alert.toString());
            assertEquals(alert, history("circuit_breaker").get(0), "stored as answered");

            // HTTP 500: tried three times, then stored as not sent, with Telegram's answer.
            telegram.delay(0);
            awaitTelegramReachable();
            telegram.answerWith(500);
            Answer refused = api.adminPost("send-alert", "{\"notify_url\":\"" + url
                    + "\",\"alert_type\":\"slow_merchant\"}");
            assertEquals(200, refused.status(), refused.rawBody());
            assertFalse(refused.data().getBoolean("sent"));
            assertEquals("monitor: Telegram answered HTTP 500: stub says 500", refused.data().getString("error"));
            assertEquals("alert stored, not sent: monitor: Telegram answered HTTP 500: stub says 500", refused.msg());
        } finally {
            telegram.answerWith(200);
            telegram.delay(0);
        }
    }

    private static String last(List<StubTelegram.Message> messages) {
        return messages.get(messages.size() - 1).text();
    }
}
