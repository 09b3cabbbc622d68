package it.dev.merchantnotify.queue;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Redis holds only ids: wiping it costs time, never a notification. The sweeper finds the PENDING rows that are overdue
 * and in no Redis structure (the test server's grace is 3 s, the sweep runs every 10 s).
 */
class RedisLossIT extends AgainstServer {

    @Test
    void notificationsQueuedWhenRedisIsFlushedAreStillDeliveredExactlyOnce() {
        String prefix = uniqueOrderNo("flush");
        int count = 200;
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < count; i++) {
            // 250 ms each with at most 32 in flight: dispatch needs about 1.6 s, so most ids are still queued below.
            items.add(notificationJson(prefix + "-" + i, merchant.url("/slow-250"), null));
        }
        Answer batch = api.submitBatch(items.toString());
        assertEquals(count, batch.data().getInt("accepted"), batch.rawBody());
        redis.flushAll();

        JsonArray results = batch.data().getJsonArray("results");
        for (int i = 0; i < count; i++) {
            api.awaitStatus(results.getJsonObject(i).getJsonNumber("id").longValue(), "success", WAIT);
        }
        Map<String, Integer> deliveries = new HashMap<>();
        merchant.receivedWith(prefix).forEach(r -> deliveries.merge(orderNoIn(r.body()), 1, Integer::sum));
        assertEquals(count, deliveries.size(), "every notification reached the merchant");
        long duplicated = deliveries.values().stream().filter(n -> n > 1).count();
        assertEquals(0, duplicated, "duplicated deliveries: " + deliveries);
    }

    @Test
    void aRetryWaitingInRedisSurvivesAFlush() {
        String orderNo = uniqueOrderNo("flush-retry");
        long id = api.submit(notificationJson(orderNo, merchant.url("/flaky-1"), null)).data()
                .getJsonNumber("id").longValue();
        NotifyApi.await(() -> api.notification(id).getInt("attempts") >= 1, "the first attempt is recorded", WAIT);
        redis.flushAll();
        assertEquals(0, redis.zcard("merchant_notify_retry_queue"));

        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        assertEquals(2, delivered.getInt("attempts"));
        assertEquals(2, merchant.receivedWith(orderNo).size());
    }

    @Test
    void redisHoldsIdsOnly() {
        String orderNo = uniqueOrderNo("ids-only");
        long id = api.submit(notificationJson(orderNo, merchant.refusedUrl(), null)).data()
                .getJsonNumber("id").longValue();
        NotifyApi.await(() -> redis.zscore("merchant_notify_retry_queue", String.valueOf(id)) != null,
                "the failed attempt's retry waits in the retry zset under the notification's id", WAIT);
        redis.keys("merchant_notify*").forEach(key ->
                assertTrue(key.matches("merchant_notify_(pending_queue|retry_queue|inflight|lock:\\d+"
                        + "|merchant:[0-9a-f]{16}|rt:[0-9a-f]{16}|alert_state|alert_eval|paused|job:[0-9a-f]{32}"
                        + "|routing_version)"), key));
    }

    private static String orderNoIn(String formBody) {
        for (String field : formBody.split("&")) {
            if (field.startsWith("order_no=")) {
                return field.substring("order_no=".length());
            }
        }
        return formBody;
    }
}
