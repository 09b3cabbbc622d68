package it.dev.merchantnotify.operator;

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
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operators' recovery tools against the real server: recover a merchant's failed notifications since a time, and
 * pause and resume a merchant. The test server recovers in batches of 2 and answers every job as still running
 * ({@code notify.operator.batch-size=2}, {@code job-wait-seconds=0}), so batching and polling are what is tested.
 */
class OperatorToolsIT extends AgainstServer {

    private static final Pattern PAUSED_GAUGE = Pattern.compile(
            "(?m)^notify_merchants\\{[^}]*status=\"paused\"[^}]*} ([0-9.Ee+]+)$");

    @Test
    void recoverQueuesAMerchantsFailedNotificationsSinceATimeInBatchesAndTheyAreDeliveredOnceItIsBack() {
        Instant before = Instant.now().minusSeconds(60);
        String path = "/switch/recover";
        merchant.setUp("recover", false);
        List<Long> ids = submit(path, 5, "recover");
        ids.forEach(id -> api.awaitStatus(id, "failed", WAIT));
        String notifyUrl = merchant.url(path);
        String merchantKey = api.notification(ids.get(0)).getString("merchant_key");

        Answer count = api.adminPost("recover", "{\"merchant_key\":\"" + merchantKey + "\",\"since\":\"" + before
                + "\",\"dry_run\":true}");
        assertEquals(200, count.status(), count.rawBody());
        assertEquals(5, count.data().getInt("count"));
        assertEquals("failed", count.data().getString("status"));
        Answer none = api.adminPost("recover", "{\"notify_url\":\"" + notifyUrl + "\",\"since\":\""
                + Instant.now().plusSeconds(60) + "\",\"until\":\"" + Instant.now().plusSeconds(120)
                + "\",\"dry_run\":true}");
        assertEquals(0, none.data().getInt("count"), none.rawBody());
        ids.forEach(id -> assertEquals("failed", api.notification(id).getString("status"), "a dry run queues nothing"));

        merchant.setUp("recover", true);
        Answer started = api.adminPost("recover", "{\"notify_url\":\"" + notifyUrl + "\",\"since\":\"" + before
                + "\",\"status\":\"failed\"}");
        JsonObject job = finished(started);
        assertEquals("done", job.getString("state"), job.toString());
        assertEquals(5, job.getInt("total"));
        assertEquals(5, job.getInt("queued"));
        assertEquals("recover", job.getString("kind"));
        assertEquals(NotifyApi.ADMIN, job.getString("started_by"));

        for (long id : ids) {
            JsonObject delivered = api.awaitStatus(id, "success", WAIT);
            assertEquals(2, delivered.getInt("attempts"), "the failed attempt, then one with a fresh budget");
        }
        JsonObject audit = api.admin("audit?limit=20").data().getJsonArray("list").stream()
                .map(JsonObject.class::cast).filter(r -> r.getString("action").equals("recover")
                        && r.getString("detail").contains(merchantKey)).findFirst().orElseThrow();
        assertTrue(audit.getString("detail").contains("queued 5 of 5 failed notification(s)"), audit.toString());

        JsonObject again = finished(api.adminPost("recover", "{\"notify_url\":\"" + notifyUrl + "\",\"since\":\""
                + before + "\"}"));
        assertEquals(0, again.getInt("total"), "delivered now: nothing failed is left to recover");
    }

    @Test
    void recoverRefusesWhatItCannotDo() {
        String path = "/ok/recover-refusals";
        long id = submit(path, 1, "recover-refusals").get(0);
        api.awaitStatus(id, "success", WAIT);
        String url = merchant.url(path);
        assertRejected(api.adminPost("recover", "{\"notify_url\":\"" + url + "\"}"), 400, "since is required");
        assertRejected(api.adminPost("recover", "{\"notify_url\":\"" + url + "\",\"since\":\"yesterday\"}"), 400,
                "since must be a date");
        assertRejected(api.adminPost("recover", "{\"notify_url\":\"" + url + "\",\"since\":\"2025-01-02\","
                + "\"until\":\"2025-01-01T00:00:00Z\"}"), 400, "must be after since");
        assertRejected(api.adminPost("recover", "{\"notify_url\":\"" + url + "\",\"since\":\"2025-01-01\","
                + "\"status\":\"pending\"}"), 400, "status must be failed or success");
        assertRejected(api.adminPost("recover", "{\"since\":\"2025-01-01\"}"), 400,
                "notify_url or merchant_key is required");
        assertRejected(api.adminPost("recover", "{\"notify_url\":\"" + url + "\",\"merchant_key\":\"0123456789abcdef\","
                + "\"since\":\"2025-01-01\"}"), 400, "not both");
        assertRejected(api.adminPost("recover", "{\"merchant_key\":\"XYZ\",\"since\":\"2025-01-01\"}"), 400,
                "16 lower-case hex digits");
        assertRejected(api.adminPost("recover", "{\"merchant_key\":\"0000000000000000\",\"since\":\"2025-01-01\"}"),
                404, "no merchant with merchant_key 0000000000000000");
        assertRejected(api.admin("jobs/0123456789abcdef0123456789abcdef"), 404, "no job");
        assertEquals("success", api.notification(id).getString("status"), "nothing was changed");
    }

    @Test
    void aPausedMerchantReceivesNothingUsesNoAttemptAndGetsEverythingAfterResume() {
        // Every notification on this path fails its first attempt, then succeeds: its retry is due 1 s later.
        String path = "/flaky-1/pause";
        String url = merchant.url(path);
        long retried = submit(path, 1, "pause-retried").get(0);
        await(() -> merchant.receivedOn(path).size() == 1, "the first attempt fails");
        String merchantKey = api.notification(retried).getString("merchant_key");

        Answer paused = api.adminPost("pause-merchant",
                "{\"notify_url\":\"" + url + "\",\"reason\":\"moving servers\"}");
        assertEquals(200, paused.status(), paused.rawBody());
        assertEquals("paused", paused.data().getString("status"));
        assertTrue(paused.data().getBoolean("is_paused"));
        assertEquals("moving servers", paused.data().getString("paused_reason"));
        assertEquals(NotifyApi.ADMIN, paused.data().getString("paused_by"));
        assertNotNull(redis.hget("merchant_notify_merchant:" + merchantKey, "paused_at"),
                "every node reads the pause from Redis");

        List<Long> fresh = submit(path, 3, "pause-new");
        NotifyApi.sleep(4000);
        assertEquals(1, merchant.receivedOn(path).size(), "nothing is sent while paused: not the retry, not the new");
        JsonObject waiting = api.notification(retried);
        assertEquals("pending", waiting.getString("status"));
        assertEquals(1, waiting.getInt("attempts"), "the retry used no attempt");
        for (long id : fresh) {
            JsonObject notification = api.notification(id);
            assertEquals("pending", notification.getString("status"));
            assertEquals(0, notification.getInt("attempts"));
        }
        await(() -> api.notification(fresh.get(0)).getString("last_error", "").startsWith("paused"),
                "a kept notification says why it waits");

        Answer status = api.admin("merchant-status?notify_url=" + url);
        assertEquals("paused", status.data().getString("status"), status.rawBody());
        JsonArray pausedMerchants = api.admin("all-merchant-status?status=paused&limit=100").data()
                .getJsonArray("list");
        assertTrue(pausedMerchants.stream().map(JsonObject.class::cast)
                .anyMatch(m -> m.getString("merchant_key").equals(merchantKey)), pausedMerchants.toString());
        await(() -> pausedGauge() >= 1, "the notify_merchants gauge counts the paused merchant");
        assertRejected(api.adminPost("pause-merchant", "{\"merchant_key\":\"" + merchantKey + "\"}"), 400,
                "already paused");

        Answer resumed = api.adminPost("resume-merchant", "{\"merchant_key\":\"" + merchantKey + "\"}");
        assertTrue(resumed.status() == 200 || resumed.status() == 202, resumed.rawBody());
        assertFalse(resumed.data().getJsonObject("merchant").getBoolean("is_paused"));
        JsonObject job = resumed.status() == 200 ? resumed.data().getJsonObject("job")
                : awaitJob(resumed.data().getJsonObject("job").getString("job_id"));
        assertEquals(4, job.getInt("total"), "the retry and the three new ones were kept");
        api.awaitStatus(retried, "success", WAIT);
        fresh.forEach(id -> api.awaitStatus(id, "success", WAIT));
        assertEquals(2, api.notification(retried).getInt("attempts"));
        // Each new one fails once and then succeeds, as before the pause: 1 + 1 + 3 × 2 requests in all.
        await(() -> merchant.receivedOn(path).size() == 8, "everything kept is sent after resume");
        assertEquals("normal", api.admin("merchant-status?notify_url=" + url).data().getString("status"));
        assertRejected(api.adminPost("resume-merchant", "{\"notify_url\":\"" + url + "\"}"), 400, "is not paused");

        List<String> actions = api.admin("audit?limit=20").data().getJsonArray("list").stream()
                .map(JsonObject.class::cast).filter(r -> r.getString("target", "").equals(url))
                .map(r -> r.getString("action")).toList();
        assertTrue(actions.contains("pause-merchant") && actions.contains("resume-merchant"), actions.toString());
    }

    /** The job a recover or resume answered, waited for if it was still running (202 with its Location). */
    private JsonObject finished(Answer started) {
        if (started.status() == 200) {
            return started.data();
        }
        assertEquals(202, started.status(), started.rawBody());
        String location = started.header("Location");
        assertNotNull(location, "a 202 says where to poll");
        String jobId = started.data().getString("job_id");
        assertTrue(URI.create(location).getPath().endsWith("/admin/merchant-notify/jobs/" + jobId), location);
        return awaitJob(jobId);
    }

    private JsonObject awaitJob(String jobId) {
        await(() -> !api.admin("jobs/" + jobId).data().getString("state").equals("running"), "the job ends");
        return api.admin("jobs/" + jobId).data();
    }

    private double pausedGauge() {
        String text = api.getAs("/metrics?scope=application", null, null).rawBody();
        Matcher sample = PAUSED_GAUGE.matcher(text);
        return sample.find() ? Double.parseDouble(sample.group(1)) : -1;
    }

    private List<Long> submit(String path, int count, String label) {
        String prefix = uniqueOrderNo(label);
        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < count; i++) {
            items.add(notificationJson(prefix + "-" + i, merchant.url(path), null));
        }
        Answer batch = api.submitBatch(items.toString());
        JsonArray results = batch.data().getJsonArray("results");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ids.add(results.getJsonObject(i).getJsonNumber("id").longValue());
        }
        return ids;
    }

    private static void assertRejected(Answer answer, int status, String msgPart) {
        assertEquals(status, answer.status(), answer.rawBody());
        assertEquals(status, answer.envelope().getInt("code"));
        assertTrue(answer.msg().contains(msgPart), "msg should mention '" + msgPart + "': " + answer.msg());
        assertFalse(answer.rawBody().contains("Exception"), answer.rawBody());
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        NotifyApi.await(condition, what, WAIT);
    }
}
