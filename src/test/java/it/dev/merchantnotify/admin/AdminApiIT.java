package it.dev.merchantnotify.admin;

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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API over HTTP: each endpoint, its bad inputs, its credentials, its audit record and its OpenAPI entry. */
class AdminApiIT extends AgainstServer {

    private static final List<String> GET_ENDPOINTS = List.of("queue-status", "logs", "stats", "merchant-status",
            "all-merchant-status", "alerts", "audit", "merchant-secret");
    private static final List<String> POST_ENDPOINTS = List.of("retry", "cleanup", "reset-circuit-breaker",
            "send-alert", "merchant-secret", "remove-merchant-secret", "recover", "pause-merchant", "resume-merchant");

    private long submit(String orderNo, String url) {
        Answer answer = api.submit(notificationJson(orderNo, url, null));
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertRejected(Answer answer, int status, String msgPart) {
        assertEquals(status, answer.status(), answer.rawBody());
        assertNotNull(answer.envelope(), "the answer is the JSON envelope: " + answer.rawBody());
        assertEquals(status, answer.envelope().getInt("code"));
        assertTrue(answer.msg().contains(msgPart), "msg should mention '" + msgPart + "': " + answer.msg());
        assertFalse(answer.rawBody().contains("Exception"), answer.rawBody());
    }

    private JsonObject latestAudit() {
        Answer audit = api.admin("audit?limit=1");
        assertEquals(200, audit.status(), audit.rawBody());
        return audit.data().getJsonArray("list").getJsonObject(0);
    }

    // ---- queue-status

    @Test
    void queueStatusListsANotificationWaitingForItsRetry() {
        String orderNo = uniqueOrderNo("queue");
        long id = submit(orderNo, merchant.url("/error/" + orderNo));
        JsonObject[] listed = new JsonObject[1];
        await(() -> {
            Answer status = api.admin("queue-status");
            assertEquals(200, status.status(), status.rawBody());
            for (JsonValue item : status.data().getJsonArray("retry_orders")) {
                if (item.asJsonObject().getJsonNumber("id").longValue() == id) {
                    listed[0] = status.data();
                    return true;
                }
            }
            return false;
        }, "queue-status lists notification " + id + " in retry_orders", Duration.ofSeconds(20));
        JsonObject data = listed[0];
        for (String count : List.of("pending_count", "retry_count", "inflight_count")) {
            assertTrue(data.getJsonNumber(count).longValue() >= 0, count + " in " + data);
        }
        assertTrue(data.getJsonNumber("retry_count").longValue() >= 1, data.toString());
        assertNotNull(data.getJsonArray("pending_orders"));
        JsonObject order = data.getJsonArray("retry_orders").stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getJsonNumber("id").longValue() == id).findFirst().orElseThrow();
        assertEquals(orderNo, order.getString("order_no"));
        assertEquals(merchant.url("/error/" + orderNo), order.getString("notify_url"));
        assertTrue(order.getInt("attempts") >= 1, order.toString());
        assertNotNull(Instant.parse(order.getString("next_attempt_at")));
        assertTrue(data.getJsonArray("retry_orders").size() <= 100);
    }

    // ---- logs

    @Test
    void logsArePagedNewestFirstAndFilteredByOrderNoPrefixAndStatus() {
        String prefix = uniqueOrderNo("logs");
        long first = submit(prefix + "-1", merchant.url("/ok"));
        api.awaitStatus(first, "success", WAIT);
        long second = submit(prefix + "-2", merchant.url("/ok"));
        long flaky = submit(prefix + "-3", merchant.url("/flaky-1"));
        api.awaitStatus(second, "success", WAIT);
        api.awaitStatus(flaky, "success", WAIT);

        JsonObject all = api.admin("logs?order_no=" + prefix).data();
        assertEquals(4, all.getInt("total"), all.toString());
        assertEquals(1, all.getInt("page"));
        assertEquals(20, all.getInt("limit"));
        JsonArray list = all.getJsonArray("list");
        assertEquals(4, list.size());
        JsonObject newest = list.getJsonObject(0);
        assertEquals(prefix + "-3", newest.getString("order_no"));
        assertEquals(1, newest.getInt("status"));
        assertEquals(2, newest.getInt("attempt"));
        assertEquals(prefix + "-1", list.getJsonObject(3).getString("order_no"), "oldest last");
        for (String field : List.of("id", "order_id", "notify_url", "merchant_key", "started_at", "duration_ms",
                "http_status", "response_excerpt")) {
            assertTrue(newest.containsKey(field), field + " in " + newest);
        }

        assertEquals(3, api.admin("logs?order_no=" + prefix + "&status=1").data().getInt("total"));
        JsonObject failures = api.admin("logs?order_no=" + prefix + "&status=0").data();
        assertEquals(1, failures.getInt("total"));
        JsonObject failure = failures.getJsonArray("list").getJsonObject(0);
        assertEquals(0, failure.getInt("status"));
        assertEquals(500, failure.getInt("http_status"));
        assertEquals(flaky, failure.getJsonNumber("order_id").longValue());

        JsonObject page2 = api.admin("logs?order_no=" + prefix + "&page=2&limit=3").data();
        assertEquals(4, page2.getInt("total"));
        assertEquals(1, page2.getJsonArray("list").size());
        assertEquals(prefix + "-1", page2.getJsonArray("list").getJsonObject(0).getString("order_no"));
        assertEquals(0, api.admin("logs?order_no=" + prefix + "&page=9").data().getJsonArray("list").size());
        assertEquals(1, api.admin("logs?order_no=" + prefix + "-2").data().getInt("total"), "a prefix");
        assertEquals(0, api.admin("logs?order_no=" + encode(prefix.substring(0, 3) + "%")).data().getInt("total"),
                "% is a literal character, not a wildcard");
        assertEquals(100, api.admin("logs?limit=100000").data().getInt("limit"), "a huge limit is capped");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page=0|page must be a whole number of 1 or more",
            "page=-1|page must be a whole number of 1 or more",
            "page=abc|page must be a whole number of 1 or more, not \"abc\"",
            "limit=0|limit must be a whole number of 1 or more",
            "limit=-5|limit must be a whole number of 1 or more",
            "limit=1.5|limit must be a whole number",
            "status=2|status must be 1 (success) or 0 (failure)",
            "status=success|status must be 1 (success) or 0 (failure)"})
    void logsRejectsBadParameters(String query, String msg) {
        assertRejected(api.admin("logs?" + query), 400, msg);
    }

    // ---- retry

    @Test
    void retryByIdDeliversADeliveredNotificationAgain() {
        String orderNo = uniqueOrderNo("again");
        long id = submit(orderNo, merchant.url("/ok"));
        api.awaitStatus(id, "success", WAIT);

        Answer retry = api.adminPost("retry", "{\"order_id\":" + id + "}");
        assertEquals(200, retry.status(), retry.rawBody());
        assertEquals(1, retry.data().getInt("count"));
        JsonObject retried = retry.data().getJsonArray("notifications").getJsonObject(0);
        assertEquals(id, retried.getJsonNumber("id").longValue());
        assertEquals("success", retried.getString("previous_status"));
        assertEquals("pending", retried.getString("status"));

        await(() -> merchant.receivedWith(orderNo).size() == 2, "the merchant is called again", WAIT);
        JsonObject after = api.awaitStatus(id, "success", WAIT);
        assertEquals(2, after.getInt("attempts"));
        assertEquals("2", merchant.receivedWith(orderNo).get(1).header("x-notify-attempt"));

        JsonObject audit = latestAudit();
        assertEquals("admin", audit.getString("actor"));
        assertEquals("retry", audit.getString("action"));
        assertEquals("order_id=" + id, audit.getString("target"));
        assertTrue(audit.getString("detail").contains("was success"), audit.toString());
        assertTrue(Duration.between(Instant.parse(audit.getString("at")), Instant.now()).abs().toSeconds() < 60);
    }

    @Test
    void retryByOrderNoGivesAFailedNotificationAFreshAttemptBudget() {
        String orderNo = uniqueOrderNo("budget");
        // Fails 6 times, then answers success: more than one budget (4 attempts) can hold.
        String url = merchant.url("/down-for-6/" + orderNo);
        long id = submit(orderNo, url);
        JsonObject failed = api.awaitStatus(id, "failed", WAIT);
        assertEquals(4, failed.getInt("attempts"));

        Answer retry = api.adminPost("retry", "{\"order_no\":\"" + orderNo + "\"}");
        assertEquals(200, retry.status(), retry.rawBody());
        assertEquals("failed", retry.data().getJsonArray("notifications").getJsonObject(0).getString("previous_status"));

        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        assertEquals(7, delivered.getInt("attempts"), "attempts 5 and 6 failed and were retried: a fresh budget");
        assertEquals(7, merchant.receivedWith(orderNo).size());
        assertEquals("retry", latestAudit().getString("action"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|order_id (a notification id) or order_no is required",
            "{\"order_id\":\"abc\"}|order_id must be a whole number, not a string",
            "{\"order_id\":1.5}|order_id must be a whole number, not a fraction",
            "{\"order_id\":-1}|order_id must be 1 or more",
            "{\"order_id\":true}|order_id must be a whole number, not a boolean",
            "{\"order_no\":42}|order_no must be a string",
            "{\"order_id\":1,\"order_no\":\"X\"}|give order_id or order_no, not both",
            "[1,2]|the body must be a JSON object",
            "{\"order_id\":|malformed JSON",
            "''|the request body is empty"})
    void retryRejectsBadBodies(String body, String msg) {
        assertRejected(api.adminPost("retry", body), 400, msg);
    }

    @Test
    void retryOfAnUnknownNotificationIsNotFound() {
        assertRejected(api.adminPost("retry", "{\"order_id\":987654321987}"), 404,
                "no notification with order_id 987654321987");
        assertRejected(api.adminPost("retry", "{\"order_no\":\"NO-SUCH-ORDER\"}"), 404,
                "no notification with order_no \"NO-SUCH-ORDER\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"retry", "cleanup", "reset-circuit-breaker", "send-alert"})
    void mutatingEndpointsTakeJsonOnly(String endpoint) {
        assertRejected(api.post("/admin/merchant-notify/" + endpoint, "application/x-www-form-urlencoded",
                "order_id=1&days=30", NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD), 415,
                "Content-Type must be application/json, not \"application/x-www-form-urlencoded\"");
        assertRejected(api.post("/admin/merchant-notify/" + endpoint, "text/plain", "{\"days\":30}",
                NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD), 415, "Content-Type must be application/json");
        assertRejected(api.post("/admin/merchant-notify/" + endpoint, null, "{\"days\":30}",
                NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD), 415, "Content-Type must be application/json");
    }

    // ---- stats

    @Test
    void statsCountWhatWasCreatedInTheRange() {
        Instant from = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        String prefix = uniqueOrderNo("stats");
        long ok1 = submit(prefix + "-1", merchant.url("/ok"));
        long ok2 = submit(prefix + "-2", merchant.url("/flaky-1"));
        long gone = submit(prefix + "-3", merchant.url("/gone"));
        api.awaitStatus(ok1, "success", WAIT);
        api.awaitStatus(ok2, "success", WAIT);
        api.awaitStatus(gone, "failed", WAIT);
        Instant to = Instant.now().plusSeconds(1);

        Answer answer = api.admin("stats?start_time=" + from + "&end_time=" + to);
        assertEquals(200, answer.status(), answer.rawBody());
        JsonObject stats = answer.data();
        assertEquals(3, stats.getInt("total"), stats.toString());
        assertEquals(2, stats.getInt("success"));
        assertEquals(1, stats.getInt("failed"));
        assertEquals(0, stats.getInt("pending"));
        assertEquals(66.67, stats.getJsonNumber("success_rate").doubleValue(), 0.001);
        assertEquals(33.33, stats.getJsonNumber("retry_rate").doubleValue(), 0.001);
        assertTrue(stats.getInt("attempts") >= 4, "at least our 4 calls: " + stats);
        assertTrue(stats.getJsonNumber("error_rate").doubleValue() > 0, stats.toString());
        assertTrue(stats.getJsonNumber("avg_response_time").doubleValue() >= 0, stats.toString());
        JsonArray days = stats.getJsonArray("days");
        assertEquals(3, days.stream().mapToInt(d -> d.asJsonObject().getInt("total")).sum());
        assertEquals(from.toString(), stats.getString("start_time"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonObject byDate = api.admin("stats?start_time=" + today + "&end_time=" + today).data();
        assertEquals(1, byDate.getJsonArray("days").size(), "a date as the end includes that day: " + byDate);
        assertEquals(today, byDate.getJsonArray("days").getJsonObject(0).getString("date"));
        assertTrue(byDate.getInt("total") >= 3, byDate.toString());
        assertEquals(200, api.admin("stats?start_time=" + encode(today + " 00:00:00")
                + "&end_time=" + encode(today + "T23:59:59+08:00")).status(), "space-separated and offset forms");
        assertEquals(8, api.admin("stats").data().getJsonArray("days").size(),
                "the last 7 days by default: from this time 7 days ago to now, 8 dates");

        JsonObject years = api.admin("stats?start_time=2000-01-01&end_time=" + today).data();
        assertTrue(stats.getInt("total") <= years.getInt("total"), "any range is accepted: " + years);
        JsonArray listed = years.getJsonArray("days");
        assertTrue(listed.size() < 366, "a long range lists the days from the log's first one: " + listed.size());
        assertEquals(today, listed.getJsonObject(listed.size() - 1).getString("date"));
        assertEquals("2000-01-01T00:00:00Z", years.getString("start_time"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "start_time=2025-13-01|start_time must be a date",
            "start_time=yesterday|start_time must be a date",
            "end_time=2025-01-31T25:00:00|end_time must be a date",
            "start_time=2025-02-01&end_time=2025-01-01|is after end_time",
            "start_time=2025-01-01T10:00:00Z&end_time=2025-01-01T09:00:00Z|is after end_time"})
    void statsRejectsBadRanges(String query, String msg) {
        assertRejected(api.admin("stats?" + query), 400, msg);
    }

    // ---- cleanup

    @Test
    void cleanupKeepsTheLogOfTheLastDaysAndIsAudited() {
        String orderNo = uniqueOrderNo("keep");
        long id = submit(orderNo, merchant.url("/ok"));
        api.awaitStatus(id, "success", WAIT);

        Answer cleanup = api.adminPost("cleanup", "{\"days\":1}");
        assertEquals(200, cleanup.status(), cleanup.rawBody());
        assertEquals(1, cleanup.data().getInt("days"));
        assertEquals(0, cleanup.data().getInt("deleted_notifications"), "nothing in this run is a day old");
        assertEquals(0, cleanup.data().getInt("deleted_logs"));
        assertTrue(Instant.parse(cleanup.data().getString("before")).isBefore(Instant.now().minus(Duration.ofHours(23))));
        assertEquals("success", api.notification(id).getString("status"), "today's notification is kept");
        assertEquals(1, api.admin("logs?order_no=" + orderNo).data().getInt("total"), "and its log");

        JsonObject audit = latestAudit();
        assertEquals("cleanup", audit.getString("action"));
        assertEquals("days=1", audit.getString("target"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"days\":0}|days must be between 1 and 36500, not 0",
            "{\"days\":-1}|days must be between 1 and 36500, not -1",
            "{\"days\":\"abc\"}|days must be a whole number, not a string (\"abc\")",
            "{\"days\":\"30\"}|days must be a whole number, not a string",
            "{\"days\":2.5}|days must be a whole number, not a fraction",
            "{\"days\":null}|days is required",
            "{}|days is required",
            "{\"days\":99999999999999999999}|days is out of range"})
    void cleanupRejectsBadDays(String body, String msg) {
        assertRejected(api.adminPost("cleanup", body), 400, msg);
    }

    // ---- merchants

    @Test
    void merchantStatusShowsTheSeedsFields() {
        String orderNo = uniqueOrderNo("status");
        String url = merchant.url("/ok/" + orderNo);
        api.awaitStatus(submit(orderNo, url), "success", WAIT);

        Answer answer = api.admin("merchant-status?notify_url=" + encode(url));
        assertEquals(200, answer.status(), answer.rawBody());
        JsonObject data = answer.data();
        List<String> seedFields = List.of("merchant_key", "notify_url", "failure_count", "avg_response_time",
                "is_circuit_breaker_open", "is_slow_merchant", "status");
        assertEquals(seedFields, data.keySet().stream().limit(seedFields.size()).toList(), "the seed's fields first");
        assertEquals(url, data.getString("notify_url"));
        assertEquals(16, data.getString("merchant_key").length());
        assertEquals(0, data.getInt("failure_count"));
        assertTrue(data.getJsonNumber("avg_response_time").bigDecimalValue().scale() == 3, data.toString());
        assertEquals(JsonValue.FALSE, data.get("is_circuit_breaker_open"));
        assertEquals(JsonValue.FALSE, data.get("is_slow_merchant"));
        assertEquals("normal", data.getString("status"));
    }

    @Test
    void merchantStatusRejectsBadOrUnknownUrls() {
        assertRejected(api.admin("merchant-status"), 400, "notify_url is required");
        assertRejected(api.admin("merchant-status?notify_url=" + encode("ftp://example.com/x")), 400, "notify_url");
        assertRejected(api.admin("merchant-status?notify_url=" + encode("https://never-seen.example/notify")), 404,
                "no merchant with notify_url \"https://never-seen.example/notify\"");
    }

    @Test
    void resetCircuitBreakerClosesAnOpenBreakerAndIsAudited() {
        String orderNo = uniqueOrderNo("reset");
        String url = merchant.url("/error/" + orderNo);
        submit(orderNo + "-1", url);
        submit(orderNo + "-2", url);
        await(() -> api.admin("merchant-status?notify_url=" + encode(url)).data()
                .getBoolean("is_circuit_breaker_open"), "the breaker opens after 5 failures", WAIT);

        Answer reset = api.adminPost("reset-circuit-breaker", "{\"notify_url\":\"" + url + "\"}");
        assertEquals(200, reset.status(), reset.rawBody());
        assertFalse(reset.data().getBoolean("is_circuit_breaker_open"));
        assertEquals(0, reset.data().getInt("failure_count"));
        JsonObject audit = latestAudit();
        assertEquals("reset-circuit-breaker", audit.getString("action"));
        assertEquals(url, audit.getString("target"));

        assertRejected(api.adminPost("reset-circuit-breaker", "{\"notify_url\":\"https://never-seen.example/n\"}"),
                404, "no merchant with notify_url");
        assertRejected(api.adminPost("reset-circuit-breaker", "{}"), 400, "notify_url is required");
        assertRejected(api.adminPost("reset-circuit-breaker", "{\"notify_url\":7}"), 400,
                "notify_url must be a string");
    }

    @Test
    void allMerchantStatusPagesEveryMerchantSeen() {
        String prefix = uniqueOrderNo("all");
        Set<String> urls = Set.of(merchant.url("/ok/" + prefix + "-a"), merchant.url("/ok/" + prefix + "-b"),
                merchant.url("/ok/" + prefix + "-c"));
        int i = 0;
        for (String url : urls) {
            api.awaitStatus(submit(prefix + "-" + i++, url), "success", WAIT);
        }
        JsonObject all = api.admin("all-merchant-status?limit=100").data();
        long total = all.getJsonNumber("total").longValue();
        assertTrue(total >= 3, all.toString());
        Set<String> seen = new java.util.HashSet<>();
        Set<String> seenKeys = new java.util.HashSet<>();
        for (int page = 1; (page - 1) * 100L < total; page++) {
            api.admin("all-merchant-status?limit=100&page=" + page).data().getJsonArray("list").forEach(m -> {
                seen.add(m.asJsonObject().getString("notify_url"));
                seenKeys.add(m.asJsonObject().getString("merchant_key"));
            });
        }
        assertTrue(seen.containsAll(urls), "every merchant is on some page");
        // By key: destinations of different accounts may share an address.
        assertEquals(total, seenKeys.size(), "no merchant on two pages");

        JsonObject two = api.admin("all-merchant-status?page=1&limit=2").data();
        assertEquals(2, two.getJsonArray("list").size());
        JsonObject merchantView = two.getJsonArray("list").getJsonObject(0);
        for (String field : List.of("merchant_key", "notify_url", "failure_count", "avg_response_time",
                "is_circuit_breaker_open", "is_slow_merchant", "status", "first_seen_at")) {
            assertTrue(merchantView.containsKey(field), field + " in " + merchantView);
        }
        assertEquals(0, api.admin("all-merchant-status?page=100000").data().getJsonArray("list").size());
        assertEquals(100, api.admin("all-merchant-status?limit=5000").data().getInt("limit"));
        JsonObject normal = api.admin("all-merchant-status?status=normal&limit=100").data();
        assertTrue(normal.getJsonArray("list").stream()
                .allMatch(m -> m.asJsonObject().getString("status").equals("normal")), normal.toString());
        assertRejected(api.admin("all-merchant-status?status=broken"), 400,
                "status must be one of normal, slow, circuit_breaker");
        assertRejected(api.admin("all-merchant-status?page=0"), 400, "page must be a whole number of 1 or more");
    }

    // ---- send-alert

    @Test
    void sendAlertComposesTheSeedsMessagesAndStoresThem() {
        String orderNo = uniqueOrderNo("alert");
        String url = merchant.url("/ok/" + orderNo);
        api.awaitStatus(submit(orderNo, url), "success", WAIT);
        String key = api.admin("merchant-status?notify_url=" + encode(url)).data().getString("merchant_key");

        Answer slow = api.adminPost("send-alert", "{\"notify_url\":\"" + url + "\",\"alert_type\":\"slow_merchant\"}");
        assertEquals(200, slow.status(), slow.rawBody());
        JsonObject alert = slow.data();
        assertEquals("slow_merchant", alert.getString("alert_type"));
        assertEquals("normal", alert.getString("level"));
        assertEquals(key, alert.getString("merchant_key"));
        // The test server's Telegram is AlertsIT's stub, which does not listen now: stored as not sent, with the reason.
        assertFalse(alert.getBoolean("sent"), alert.toString());
        assertTrue(alert.getString("error").startsWith("monitor: "), alert.toString());
        assertEquals("manual:admin", alert.getString("origin"));
        String text = alert.getString("message");
        assertTrue(text.startsWith("⚠️ 慢商户告警\n\n时间: "), text);
        assertTrue(text.contains("\n商户标识: " + key + "\n平均响应时间: "), text);
        assertTrue(text.contains("秒\n阈值: 1秒\n状态: 响应正常\n"), text);

        Answer breaker = api.adminPost("send-alert", "{\"notify_url\":\"" + url
                + "\",\"alert_type\":\"circuit_breaker\"}");
        assertEquals(200, breaker.status(), breaker.rawBody());
        assertEquals("critical", breaker.data().getString("level"));
        String breakerText = breaker.data().getString("message");
        assertTrue(breakerText.startsWith("🚨 商户通知熔断器告警\n\n时间: "), breakerText);
        assertTrue(breakerText.contains("\n商户标识: " + key + "\n失败次数: 0\n熔断时长: 3秒\n状态: 熔断器未开启\n"),
                breakerText);
        assertTrue(breaker.data().getJsonNumber("id").longValue() > slow.data().getJsonNumber("id").longValue());

        JsonObject audit = latestAudit();
        assertEquals("send-alert", audit.getString("action"));
        assertTrue(audit.getString("detail").startsWith("circuit_breaker alert for merchant_key " + key + " (alert "),
                audit.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"alert_type\":\"slow_merchant\"}|notify_url is required",
            "{\"notify_url\":\"URL\"}|alert_type is required: circuit_breaker or slow_merchant",
            "{\"notify_url\":\"URL\",\"alert_type\":\"fire\"}|alert_type must be circuit_breaker or slow_merchant, not \"fire\"",
            "{\"notify_url\":\"URL\",\"alert_type\":1}|alert_type must be a string",
            "{\"notify_url\":\"not a url\",\"alert_type\":\"slow_merchant\"}|notify_url"})
    void sendAlertRejectsBadBodies(String body, String msg) {
        assertRejected(api.adminPost("send-alert", body.replace("URL", merchant.url("/ok"))), 400, msg);
    }

    // ---- alerts

    @Test
    void alertsListsTheHistoryNewestFirstOfOneTypeAndRefusesAnUnknownType() {
        String orderNo = uniqueOrderNo("history");
        String url = merchant.url("/ok/" + orderNo);
        api.awaitStatus(submit(orderNo, url), "success", WAIT);
        for (String type : List.of("slow_merchant", "circuit_breaker")) {
            assertEquals(200, api.adminPost("send-alert", "{\"notify_url\":\"" + url + "\",\"alert_type\":\"" + type
                    + "\"}").status());
        }
        // Threshold alerts (evaluated every second on the test server) may come in between: look at this merchant's.
        Answer all = api.admin("alerts?limit=100");
        assertEquals(200, all.status(), all.rawBody());
        List<JsonObject> list = all.data().getJsonArray("list").stream().map(JsonValue::asJsonObject)
                .filter(alert -> url.equals(alert.getString("notify_url", null))).toList();
        assertEquals(2, list.size(), all.rawBody());
        assertEquals("circuit_breaker", list.get(0).getString("alert_type"));
        assertEquals("slow_merchant", list.get(1).getString("alert_type"));
        assertTrue(list.get(0).getJsonNumber("id").longValue() > list.get(1).getJsonNumber("id").longValue());
        Answer slow = api.admin("alerts?alert_type=slow_merchant&limit=100");
        assertTrue(slow.data().getJsonArray("list").stream()
                .allMatch(alert -> alert.asJsonObject().getString("alert_type").equals("slow_merchant")));

        assertRejected(api.admin("alerts?alert_type=fire"), 400, "alert_type must be one of circuit_breaker, ");
        assertRejected(api.admin("alerts?page=0"), 400, "page must be a whole number of 1 or more");
    }

    @Test
    void sendAlertForAnUnknownMerchantIsNotFound() {
        assertRejected(api.adminPost("send-alert", "{\"notify_url\":\"https://never-seen.example/n\","
                + "\"alert_type\":\"slow_merchant\"}"), 404, "no merchant with notify_url");
    }

    // ---- credentials, documentation

    @Test
    void everyEndpointNeedsTheAdminRole() {
        for (String endpoint : GET_ENDPOINTS) {
            String path = "/admin/merchant-notify/" + endpoint;
            assertRejected(api.getAs(path, null, null), 401, "authentication required");
            assertRejected(api.getAs(path, NotifyApi.ADMIN, "wrong"), 401, "authentication required");
            assertRejected(api.getAs(path, NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD), 403, "forbidden");
        }
        for (String endpoint : POST_ENDPOINTS) {
            String path = "/admin/merchant-notify/" + endpoint;
            assertRejected(api.post(path, "application/json", "{}", null, null), 401, "authentication required");
            assertRejected(api.post(path, "application/json", "{}", NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD),
                    403, "forbidden");
        }
    }

    @Test
    void everyEndpointIsDescribedInOpenApiUnderItsOwnPrefix() {
        // Liberty builds the document in the background after a deployment: wait until it has this application.
        Set<String> paths = new TreeSet<>();
        String document = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (paths.isEmpty() && System.nanoTime() < deadline) {
            Answer openapi = api.getAs("/openapi", null, null);
            assertEquals(200, openapi.status());
            document = openapi.rawBody();
            // The keys of "paths:" are the only lines indented by exactly two spaces that start with a slash.
            document.lines().filter(line -> line.matches("  /\\S*:"))
                    .map(line -> line.trim().replace(":", "")).forEach(paths::add);
            if (paths.isEmpty()) {
                NotifyApi.sleep(200);
            }
        }
        assertFalse(paths.isEmpty(), "no path in /openapi: " + document.substring(0, Math.min(document.length(), 1500)));
        // The providers' receipts come to /callbacks (no login: each checked the provider's way).
        Set<String> expected = new TreeSet<>(List.of(
                "/api/v1/notifications", "/api/v1/notifications/batch", "/api/v1/notifications/{id}",
                "/callbacks/sms/aliyun", "/callbacks/sms/tencent", "/callbacks/sms/twilio"));
        for (String endpoint : List.of("queue-status", "logs", "retry", "stats", "cleanup", "merchant-status",
                "reset-circuit-breaker", "all-merchant-status", "send-alert", "alerts", "audit", "merchant-secret",
                "remove-merchant-secret", "recover", "pause-merchant", "resume-merchant", "jobs/{job_id}", "analysis",
                "analysis/top", "analysis/forecast", "accounts",
                "accounts/{merchant_no}", "accounts/{merchant_no}/destinations",
                "accounts/{merchant_no}/destinations/{name}", "accounts/{merchant_no}/destinations/{name}/test",
                "accounts/{merchant_no}/routes", "accounts/{merchant_no}/routes/{route_id}")) {
            expected.add("/admin/merchant-notify/" + endpoint);
        }
        assertEquals(expected, paths);
    }
}
