package it.dev.merchantnotify.dispatch;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way a merchant can fail, retried on schedule and then FAILED, with every attempt in the log. The test server
 * retries after 1 s, 1 s, 1 s (4 attempts) with a 1 s connect and 2 s request timeout (see the pom).
 */
class RetryIT extends AgainstServer {

    private static final int MAX_ATTEMPTS = 4;

    @Test
    void everyFailureKindIsRetriedThenFailedWithEachAttemptLogged() {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("http_status", merchant.url("/error"));
        urls.put("wrong_body", merchant.url("/wrong-body"));
        urls.put("redirect", merchant.url("/redirect"));
        urls.put("timeout", merchant.url("/hang"));
        urls.put("network", merchant.resetUrl());
        urls.put("connect", merchant.refusedUrl());
        Map<String, Long> ids = new LinkedHashMap<>();
        Map<String, String> orders = new LinkedHashMap<>();
        urls.forEach((kind, url) -> {
            String orderNo = uniqueOrderNo("fail-" + kind);
            orders.put(kind, orderNo);
            ids.put(kind, api.submit(notificationJson(orderNo, url, null)).data().getJsonNumber("id").longValue());
        });

        for (Map.Entry<String, Long> entry : ids.entrySet()) {
            String kind = entry.getKey();
            JsonObject failed = api.awaitStatus(entry.getValue(), "failed", WAIT);
            assertEquals(MAX_ATTEMPTS, failed.getInt("attempts"), kind);
            assertTrue(failed.isNull("next_attempt_at"), kind);
            assertFalse(failed.getString("last_error").isBlank(), kind);
            JsonArray attempts = failed.getJsonArray("deliveries");
            assertEquals(MAX_ATTEMPTS, attempts.size(), kind + ": " + attempts);
            String expectedKind = kind.equals("redirect") ? "http_status" : kind;
            for (int i = 0; i < MAX_ATTEMPTS; i++) {
                JsonObject attempt = attempts.getJsonObject(i);
                assertEquals(i + 1, attempt.getInt("attempt"), kind);
                assertFalse(attempt.getBoolean("success"), kind);
                assertEquals(expectedKind, attempt.getString("error_kind"), kind + ": " + attempt);
                assertFalse(attempt.getString("error").isBlank(), kind);
            }
        }
        assertEquals(302, api.notification(ids.get("redirect")).getJsonArray("deliveries").getJsonObject(0)
                .getInt("http_status"));
        assertTrue(api.notification(ids.get("redirect")).getString("last_error").contains("not followed"));
        assertEquals("fail", api.notification(ids.get("wrong_body")).getJsonArray("deliveries").getJsonObject(0)
                .getString("response_excerpt"));
        assertEquals(MAX_ATTEMPTS, merchant.receivedWith(orders.get("http_status")).size());
        assertEquals(MAX_ATTEMPTS, merchant.receivedWith(orders.get("timeout")).size());
        assertEquals(0, merchant.received().stream().filter(r -> r.path().equals("/ok")
                && r.body().contains(orders.get("redirect"))).count(), "redirects are never followed");
    }

    @Test
    void attemptsAreSpacedByTheRetryDelay() {
        String orderNo = uniqueOrderNo("spacing");
        long id = api.submit(notificationJson(orderNo, merchant.url("/error/spacing"), null)).data()
                .getJsonNumber("id").longValue();
        api.awaitStatus(id, "failed", WAIT);
        var received = merchant.receivedWith(orderNo);
        assertEquals(MAX_ATTEMPTS, received.size());
        for (int i = 1; i < received.size(); i++) {
            long gap = Duration.between(received.get(i - 1).at(), received.get(i).at()).toMillis();
            assertTrue(gap >= 900, "attempt " + (i + 1) + " came " + gap + " ms after the previous one");
            assertEquals(String.valueOf(i + 1), received.get(i).header("X-Notify-Attempt"));
        }
    }

    @Test
    void goneStopsRetryingAtOnce() {
        String orderNo = uniqueOrderNo("gone");
        long id = api.submit(notificationJson(orderNo, merchant.url("/gone"), null)).data()
                .getJsonNumber("id").longValue();
        JsonObject failed = api.awaitStatus(id, "failed", WAIT);
        assertEquals(1, failed.getInt("attempts"));
        assertTrue(failed.getString("last_error").contains("410"), failed.getString("last_error"));
    }

    @Test
    void aMerchantThatRecoversGetsTheNotification() {
        String orderNo = uniqueOrderNo("flaky");
        long id = api.submit(notificationJson(orderNo, merchant.url("/flaky-2"), null)).data()
                .getJsonNumber("id").longValue();
        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        assertEquals(3, delivered.getInt("attempts"));
        JsonArray attempts = delivered.getJsonArray("deliveries");
        assertEquals(3, attempts.size());
        assertEquals(500, attempts.getJsonObject(0).getInt("http_status"));
        assertTrue(attempts.getJsonObject(2).getBoolean("success"));
        assertEquals(3, merchant.receivedWith(orderNo).size());
    }
}
