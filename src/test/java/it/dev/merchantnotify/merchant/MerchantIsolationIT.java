package it.dev.merchantnotify.merchant;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import it.dev.merchantnotify.NotifyApi.Answer;
import it.dev.merchantnotify.StubMerchant;
import it.dev.merchantnotify.StubMerchant.Received;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Merchant isolation against the real server. The test server's breakers open after 5 consecutive failures for 3 s and
 * defer by 1 s; a merchant is slow above a 1 s mean over 3 samples; the answer timeout is 2 s (see the pom).
 */
class MerchantIsolationIT extends AgainstServer {

    @Test
    void fiveFailuresOpenTheBreakerAndLaterNotificationsAreDeferredNotAttempted() {
        String path = "/error/opens";
        List<Long> first = submit(path, 5, "open");
        String merchantKey = merchantKeyOf(first.get(0));
        await(() -> "open".equals(health(merchantKey).get("breaker")), "the breaker opens");
        assertEquals(5, merchant.receivedOn(path).size());
        assertEquals("5", health(merchantKey).get("failures"));

        List<Long> later = submit(path, 3, "open-later");
        NotifyApi.sleep(1500);
        assertEquals(5, merchant.receivedOn(path).size(), "nothing is attempted while the breaker is open");
        for (long id : later) {
            JsonObject notification = api.notification(id);
            assertEquals(0, notification.getInt("attempts"), "deferral uses no attempt");
            assertEquals("pending", notification.getString("status"));
        }
        await(() -> api.notification(later.get(0)).getString("last_error").startsWith("deferred"),
                "the notification says why it waits");
    }

    @Test
    void aSuccessfulProbeClosesTheBreakerAndTheRestAreDelivered() {
        String path = "/down-for-5/probe-succeeds";
        List<Long> ids = submit(path, 5, "probe-ok");
        String merchantKey = merchantKeyOf(ids.get(0));
        await(() -> "open".equals(health(merchantKey).get("breaker")), "the breaker opens");

        ids.forEach(id -> api.awaitStatus(id, "success", WAIT));
        assertEquals(10, merchant.receivedOn(path).size(),
                "5 failures, then one probe, then the 4 others: nothing else while the breaker was open");
        Map<String, String> health = health(merchantKey);
        assertEquals("closed", health.get("breaker"));
        assertEquals("0", health.get("failures"));
        assertEquals(2, ids.stream().mapToInt(id -> api.notification(id).getInt("attempts")).max().orElseThrow());
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        String path = "/error/probe-fails";
        List<Long> ids = submit(path, 5, "probe-fails");
        String merchantKey = merchantKeyOf(ids.get(0));
        await(() -> "open".equals(health(merchantKey).get("breaker")), "the breaker opens");
        long firstOpenUntil = Long.parseLong(health(merchantKey).get("open_until"));

        await(() -> Long.parseLong(health(merchantKey).getOrDefault("open_until", "0")) > firstOpenUntil
                && "open".equals(health(merchantKey).get("breaker")), "the failed probe opens the breaker again");
        assertEquals(6, merchant.receivedOn(path).size(), "exactly one probe went through");
    }

    @Test
    void anOperatorResetClosesTheBreaker() {
        String path = "/down-for-5/reset";
        List<Long> ids = submit(path, 5, "reset");
        String merchantKey = merchantKeyOf(ids.get(0));
        await(() -> "open".equals(health(merchantKey).get("breaker")), "the breaker opens");
        String notifyUrl = merchant.url(path);

        Answer status = api.getAs("/admin/merchant-notify/merchant-status?notify_url=" + notifyUrl, NotifyApi.ADMIN,
                NotifyApi.ADMIN_PASSWORD);
        assertEquals(200, status.status(), status.rawBody());
        assertTrue(status.data().getBoolean("is_circuit_breaker_open"));
        assertEquals("circuit_breaker", status.data().getString("status"));
        assertEquals(merchantKey, status.data().getString("merchant_key"));

        Answer reset = api.post("/admin/merchant-notify/reset-circuit-breaker", "application/json",
                "{\"notify_url\":\"" + notifyUrl + "\"}", NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD);
        assertEquals(200, reset.status(), reset.rawBody());
        assertFalse(reset.data().getBoolean("is_circuit_breaker_open"));
        assertEquals(0, reset.data().getInt("failure_count"));
        assertEquals("closed", health(merchantKey).get("breaker"));

        ids.forEach(id -> api.awaitStatus(id, "success", WAIT));
        assertEquals(403, api.post("/admin/merchant-notify/reset-circuit-breaker", "application/json",
                "{\"notify_url\":\"" + notifyUrl + "\"}", NotifyApi.PRODUCER, NotifyApi.PRODUCER_PASSWORD).status());
        assertEquals(400, api.post("/admin/merchant-notify/reset-circuit-breaker", "application/json", "{}",
                NotifyApi.ADMIN, NotifyApi.ADMIN_PASSWORD).status());
    }

    @Test
    void twentyHangingMerchantsDoNotHoldUpAHealthyOne() throws IOException {
        try (StubMerchant hanging = new StubMerchant(); StubMerchant healthy = new StubMerchant()) {
            hangingMerchantsBeside(hanging, healthy);
        }
    }

    /** The healthy merchant is a server of its own, as real merchants are; the 20 hanging ones share another. */
    private void hangingMerchantsBeside(StubMerchant hanging, StubMerchant healthy) {
        String prefix = uniqueOrderNo("isolation");
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int m = 0; m < 20; m++) {
            for (int i = 0; i < 20; i++) {
                items.add(notificationJson(prefix + "-hang" + m + "-" + i, hanging.url("/hang/m" + m), null));
            }
        }
        for (int i = 0; i < 500; i++) {
            items.add(notificationJson(prefix + "-ok-" + i, healthy.url("/ok/healthy"), null));
        }
        Instant submitted = Instant.now();
        Answer batch = api.submitBatch(items.toString());
        assertEquals(900, batch.data().getInt("accepted"), batch.rawBody());

        await(() -> healthy.receivedOn("/ok/healthy").stream().filter(r -> r.body().contains(prefix)).count() >= 500,
                "all 500 healthy notifications reach their merchant");
        List<Long> delays = new ArrayList<>();
        for (Received request : healthy.receivedOn("/ok/healthy")) {
            if (request.body().contains(prefix)) {
                delays.add(Duration.between(submitted, request.at()).toMillis());
            }
        }
        Collections.sort(delays);
        long p50 = delays.get(delays.size() / 2);
        long p95 = delays.get(delays.size() * 95 / 100);
        long max = delays.get(delays.size() - 1);
        System.out.printf("Healthy merchant beside 20 hanging ones: 500 delivered, from submission p50 %d ms, "
                + "p95 %d ms, max %d ms%n", p50, p95, max);
        assertEquals(500, delays.size());
        assertTrue(max < 10_000, "every healthy notification delivered within 10 s of submission, max " + max + " ms");

        JsonArray results = batch.data().getJsonArray("results");
        long hangingId = results.getJsonObject(0).getJsonNumber("id").longValue();
        await(() -> api.notification(hangingId).getInt("attempts") >= 1, "a hanging merchant's attempt is recorded");
        assertEquals("timeout", api.notification(hangingId).getJsonArray("deliveries").getJsonObject(0)
                .getString("error_kind"));
    }

    @Test
    void aBacklogOfOneMerchantDoesNotDelayAnotherMerchantsFreshNotification() {
        String prefix = uniqueOrderNo("backlog");
        String backlogPath = "/slow-100/backlog";
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < 1000; i++) {
            items.add(notificationJson(prefix + "-a-" + i, merchant.url(backlogPath), null));
        }
        assertEquals(1000, api.submitBatch(items.toString()).data().getInt("accepted"));

        String fresh = prefix + "-fresh";
        Instant submitted = Instant.now();
        api.submit(notificationJson(fresh, merchant.url("/ok/fresh"), null));
        await(() -> !merchant.receivedWith(fresh).isEmpty(), "the fresh notification is delivered");
        Received received = merchant.receivedWith(fresh).get(0);
        long delay = Duration.between(submitted, received.at()).toMillis();
        long backlogDone = merchant.receivedOn(backlogPath).stream().filter(r -> r.body().contains(prefix)).count();
        System.out.printf("Fresh notification behind a backlog of 1000: delivered after %d ms (backlog delivered so "
                + "far: %d)%n", delay, backlogDone);
        assertTrue(backlogDone < 1000, "the backlog was still draining when the fresh one arrived: " + backlogDone);
        assertTrue(delay < 3000, "delivered within 3 s of submission, not after the backlog: " + delay + " ms");

        await(() -> merchant.receivedOn(backlogPath).stream().filter(r -> r.body().contains(prefix)).count() >= 1000,
                "the backlog drains");
        assertTrue(merchant.peakConcurrency(backlogPath) <= 16, "at most 16 in flight to one merchant: "
                + merchant.peakConcurrency(backlogPath));
    }

    @Test
    void aSlowMerchantIsMarkedSlowAndGetsANarrowerLane() {
        String path = "/slow-1500/slow-rule";
        List<Long> first = submit(path, 3, "slow");
        String merchantKey = merchantKeyOf(first.get(0));
        first.forEach(id -> api.awaitStatus(id, "success", WAIT));
        await(() -> "1".equals(health(merchantKey).get("slow")), "the merchant is marked slow");
        assertEquals("slow", health(merchantKey).get("status"));
        assertTrue(Long.parseLong(health(merchantKey).get("mean_rt")) >= 1500);

        merchant.resetPeakConcurrency(path);
        List<Long> more = submit(path, 8, "slow-more");
        more.forEach(id -> api.awaitStatus(id, "success", WAIT));
        assertTrue(merchant.peakConcurrency(path) <= 2,
                "a slow merchant gets at most 2 at a time: " + merchant.peakConcurrency(path));
    }

    private static void await(BooleanSupplier condition, String what) {
        NotifyApi.await(condition, what, WAIT);
    }

    private List<Long> submit(String path, int count, String label) {
        String prefix = uniqueOrderNo(label);
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < count; i++) {
            items.add(notificationJson(prefix + "-" + i, merchant.url(path), null));
        }
        JsonArray results = api.submitBatch(items.toString()).data().getJsonArray("results");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ids.add(results.getJsonObject(i).getJsonNumber("id").longValue());
        }
        return ids;
    }

    private String merchantKeyOf(long id) {
        return api.notification(id).getString("merchant_key");
    }

    private Map<String, String> health(String merchantKey) {
        return redis.hgetAll("merchant_notify_merchant:" + merchantKey);
    }

}
