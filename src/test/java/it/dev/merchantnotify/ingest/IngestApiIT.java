package it.dev.merchantnotify.ingest;

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The producers' API against the real server and database: answers, validation, idempotency, batches, access. */
class IngestApiIT extends AgainstServer {

    /** Nothing listens here: these tests look at ingest, not at delivery. */
    private static final String NOWHERE = "http://127.0.0.1:9/notify";

    @Test
    void acceptsANotificationAndShowsWhereItStands() {
        String orderNo = uniqueOrderNo("accept");
        Answer answer = api.submit(notificationJson(orderNo, NOWHERE + "?order=" + orderNo, null));

        assertEquals(202, answer.status(), answer.rawBody());
        assertEquals(202, answer.envelope().getInt("code"));
        assertEquals("accepted", answer.msg());
        JsonObject data = answer.data();
        assertEquals(orderNo, data.getString("order_no"));
        assertEquals("pending", data.getString("status"));
        assertEquals(16, data.getString("merchant_key").length());
        long id = data.getJsonNumber("id").longValue();

        JsonObject stored = api.notification(id);
        assertEquals(orderNo, stored.getString("order_no"));
        assertEquals("order.paid", stored.getString("event"));
        assertEquals("form", stored.getString("format"));
        assertNotNull(stored.getString("created_at"));

        Answer byOrder = api.get("/api/v1/notifications?order_no=" + orderNo);
        assertEquals(200, byOrder.status());
        JsonArray list = byOrder.envelope().getJsonArray("data");
        assertEquals(1, list.size());
        assertEquals(id, list.getJsonObject(0).getJsonNumber("id").longValue());
    }

    @Test
    void sameOrderAndEventAgainIsADuplicateOfTheFirst() {
        String orderNo = uniqueOrderNo("dup");
        Answer first = api.submit(notificationJson(orderNo, NOWHERE, null));
        Answer second = api.submit(notificationJson(orderNo, NOWHERE, null));
        Answer otherEvent = api.submit(notificationJson(orderNo, NOWHERE, "\"event\":\"order.refunded\""));

        assertEquals(202, first.status());
        assertEquals(200, second.status());
        assertEquals("duplicate", second.msg());
        assertEquals(first.data().getJsonNumber("id"), second.data().getJsonNumber("id"));
        assertEquals(202, otherEvent.status(), "another event of the same order is another notification");
        assertEquals(2, api.get("/api/v1/notifications?order_no=" + orderNo).envelope().getJsonArray("data").size());
    }

    @Test
    void concurrentBatchesNamingTheSameNewMerchantsAreAllStored() throws Exception {
        // Each round: two batches at once, different orders, the same 200 merchants never seen before. Registering
        // them inside each batch's transaction deadlocked (H2: lock timeout) and failed a whole batch with 500.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String merchants = uniqueOrderNo("new-merchants");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Answer>> answers = new ArrayList<>();
                for (String producer : List.of("a", "b")) {
                    StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
                    for (int i = 0; i < 200; i++) {
                        items.add(notificationJson(merchants + "-" + producer + "-" + i,
                                "http://127.0.0.1:9/" + merchants + "/" + i, null));
                    }
                    answers.add(pool.submit(() -> {
                        go.await();
                        return api.submitBatch(items.toString());
                    }));
                }
                go.countDown();
                for (Future<Answer> future : answers) {
                    Answer answer = future.get();
                    assertEquals(200, answer.status(), answer.rawBody());
                    assertEquals(200, answer.data().getInt("accepted"), answer.rawBody());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void producersRacingWithTheSameOrderGetOneNotification() throws Exception {
        String orderNo = uniqueOrderNo("race");
        String body = notificationJson(orderNo, NOWHERE, null);
        int producers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < producers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.submit(body);
                }));
            }
            go.countDown();
            int accepted = 0;
            Set<Long> ids = new HashSet<>();
            for (Future<Answer> future : answers) {
                Answer answer = future.get();
                assertTrue(answer.status() == 202 || answer.status() == 200 && answer.msg().equals("duplicate"),
                        answer.rawBody());
                accepted += answer.status() == 202 ? 1 : 0;
                ids.add(answer.data().getJsonNumber("id").longValue());
            }
            assertEquals(1, accepted);
            assertEquals(1, ids.size());
            assertEquals(1, api.get("/api/v1/notifications?order_no=" + orderNo).envelope().getJsonArray("data").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "{\"notify_url\":\"http://127.0.0.1:9/n\",\"payload\":{},\"order_no\":null}|order_no is required|missing order_no",
            "{\"order_no\":\"ORDER\",\"payload\":{}}|notify_url is required|missing notify_url",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"http://127.0.0.1:9/n\"}|payload is required|missing payload",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"ftp://127.0.0.1/n\",\"payload\":{}}|notify_url must be an http or https URL|ftp URL",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"http://\",\"payload\":{}}|notify_url|URL without host",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"http://127.0.0.1:9/n\",\"payload\":\"text\"}|payload must be a JSON object|payload not an object",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"http://127.0.0.1:9/n\",\"payload\":{\"items\":[1,2]}}|payload.items must be a string, number, boolean or null|nested form payload",
            "{\"order_no\":\"ORDER\",\"notify_url\":\"http://127.0.0.1:9/n\",\"payload\":{},\"format\":\"xml\"}|format must be|unknown format",
            "{\"order_no\":\"ORD\\u0000ER\",\"notify_url\":\"http://127.0.0.1:9/n\",\"payload\":{}}|order_no contains control characters|control characters",
            "{\"order_no\":\"ORDER\",|malformed JSON at line 1|malformed JSON",
            "[1,2]|the body must be a JSON object|array body",
    })
    void rejectsBadInputNamingTheFieldAndStoresNothing(String body, String expectedMessage, String caseName) {
        String orderNo = uniqueOrderNo("bad");
        Answer answer = api.submit(body.replace("ORDER", orderNo));

        assertEquals(400, answer.status(), answer.rawBody());
        assertEquals(400, answer.envelope().getInt("code"));
        assertTrue(answer.msg().startsWith(expectedMessage) || answer.msg().contains(expectedMessage), answer.msg());
        assertFalse(answer.rawBody().contains("Exception"), "no stack trace or exception name: " + answer.rawBody());
        assertNothingStored(orderNo);
    }

    @Test
    void rejectsOverlongOrderNoUrlAndPayload() {
        String orderNo = uniqueOrderNo("long");
        Answer longOrder = api.submit(notificationJson(orderNo + "X".repeat(64), NOWHERE, null));
        assertEquals(400, longOrder.status());
        assertTrue(longOrder.msg().startsWith("order_no is "), longOrder.msg());

        Answer longUrl = api.submit(notificationJson(orderNo, NOWHERE + "?q=" + "u".repeat(2048), null));
        assertEquals(400, longUrl.status());
        assertTrue(longUrl.msg().startsWith("notify_url is "), longUrl.msg());

        String big = "{\"order_no\":\"" + orderNo + "\",\"notify_url\":\"" + NOWHERE + "\",\"payload\":{\"blob\":\""
                + "b".repeat(70_000) + "\"}}";
        Answer bigPayload = api.submit(big);
        assertEquals(400, bigPayload.status());
        assertTrue(bigPayload.msg().startsWith("payload is "), bigPayload.msg());
        assertNothingStored(orderNo);
    }

    @Test
    void rejectsAnotherContentType() {
        String orderNo = uniqueOrderNo("ctype");
        Answer answer = api.post("/api/v1/notifications", "application/x-www-form-urlencoded",
                "order_no=" + orderNo + "&notify_url=" + NOWHERE, NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD);
        assertEquals(400, answer.status());
        assertTrue(answer.msg().startsWith("Content-Type must be application/json"), answer.msg());
        Answer none = api.post("/api/v1/notifications", null, "{}", NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD);
        assertEquals(400, none.status());
        assertNothingStored(orderNo);
    }

    @Test
    void batchGivesAResultPerItem() {
        String prefix = uniqueOrderNo("batch");
        String existing = prefix + "-existing";
        assertEquals(202, api.submit(notificationJson(existing, NOWHERE, null)).status());
        String body = "{\"notifications\":["
                + notificationJson(prefix + "-a", NOWHERE, null) + ","
                + notificationJson(existing, NOWHERE, null) + ","
                + "{\"order_no\":\"" + prefix + "-bad\",\"notify_url\":\"gopher://x\",\"payload\":{}},"
                + notificationJson(prefix + "-a", NOWHERE, null) + ","
                + notificationJson(prefix + "-b", NOWHERE, "\"format\":\"json\"")
                + "]}";

        Answer answer = api.submitBatch(body);

        assertEquals(200, answer.status(), answer.rawBody());
        JsonObject data = answer.data();
        assertEquals(2, data.getInt("accepted"));
        assertEquals(2, data.getInt("duplicate"));
        assertEquals(1, data.getInt("rejected"));
        JsonArray results = data.getJsonArray("results");
        assertEquals(5, results.size());
        assertEquals("accepted", results.getJsonObject(0).getString("status"));
        assertEquals("duplicate", results.getJsonObject(1).getString("status"));
        assertEquals("rejected", results.getJsonObject(2).getString("status"));
        assertEquals("notifications[2].notify_url must be an http or https URL",
                results.getJsonObject(2).getString("msg"));
        assertEquals("duplicate", results.getJsonObject(3).getString("status"), "second copy within the batch");
        assertEquals(results.getJsonObject(0).getJsonNumber("id"), results.getJsonObject(3).getJsonNumber("id"));
        assertEquals("accepted", results.getJsonObject(4).getString("status"));
        assertNothingStored(prefix + "-bad");
        assertEquals("json", api.notification(results.getJsonObject(4).getJsonNumber("id").longValue())
                .getString("format"));
    }

    @Test
    void batchOfMoreThanAThousandIsRejectedWhole() {
        String prefix = uniqueOrderNo("huge");
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < 1001; i++) {
            items.add(notificationJson(prefix + "-" + i, NOWHERE, null));
        }
        Answer answer = api.submitBatch(items.toString());
        assertEquals(400, answer.status());
        assertEquals("notifications holds 1001 items; at most 1000 are allowed per batch", answer.msg());
        assertNothingStored(prefix + "-0");

        assertEquals(400, api.submitBatch("{\"notifications\":[]}").status());
        assertEquals("notifications is required and must be an array", api.submitBatch("{}").msg());
    }

    @Test
    void lookupsAnswerWithClearErrors() {
        Answer unknown = api.get("/api/v1/notifications/987654321987");
        assertEquals(404, unknown.status());
        assertEquals("no notification with id 987654321987", unknown.msg());
        Answer notANumber = api.get("/api/v1/notifications/abc");
        assertEquals(400, notANumber.status());
        Answer noOrder = api.get("/api/v1/notifications");
        assertEquals(400, noOrder.status());
        assertEquals("order_no is required", noOrder.msg());
        Answer noSuchPath = api.get("/api/v1/nothing-here");
        assertEquals(404, noSuchPath.status());
        assertEquals(404, noSuchPath.envelope().getInt("code"));
    }

    @Test
    void onlyProducersMaySubmit() {
        String orderNo = uniqueOrderNo("auth");
        String body = notificationJson(orderNo, NOWHERE, null);
        assertEquals(401, api.post("/api/v1/notifications", "application/json", body, null, null).status());
        assertEquals(401, api.post("/api/v1/notifications", "application/json", body, "producer", "wrong").status());
        assertEquals(403, api.post("/api/v1/notifications", "application/json", body, "admin", "admin-dev-secret")
                .status());
        assertNothingStored(orderNo);
    }

    private void assertNothingStored(String orderNo) {
        Answer found = api.get("/api/v1/notifications?order_no=" + orderNo);
        assertEquals(200, found.status(), found.rawBody());
        assertEquals(0, found.envelope().getJsonArray("data").size(), "nothing stored for " + orderNo);
    }
}
