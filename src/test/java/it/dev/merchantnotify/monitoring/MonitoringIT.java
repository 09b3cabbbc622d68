package it.dev.merchantnotify.monitoring;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} after scripted deliveries, and {@code /health/ready} and {@code /health/live} while Redis stops
 * answering. Counters are compared before and after (other test classes ran on this server first); the figures the
 * test alone drives (ingest, its own merchants) must move by exactly what it did.
 */
class MonitoringIT extends AgainstServer {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)$");
    private static final Pattern HELP = Pattern.compile("^# HELP (notify_[a-z0-9_]+) ");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base = "http://localhost:" + Integer.getInteger("it.http.port", 9181);

    @Test
    void countersTimersAndGaugesMoveWithDeliveries() {
        String prefix = uniqueOrderNo("metrics");
        String okUrl = merchant.url("/ok/" + prefix);
        String wrongUrl = merchant.url("/wrong-body/" + prefix);
        Scrape before = scrape();

        StringJoiner items = new StringJoiner(",", "{\"notifications\":[", "]}");
        for (int i = 0; i < 20; i++) {
            items.add(notificationJson(prefix + "-ok-" + i, okUrl, null));
        }
        items.add(notificationJson(prefix + "-wrong", wrongUrl, null));
        assertEquals(21, api.submitBatch(items.toString()).data().getInt("accepted"));
        // The same order and event again: answered as a duplicate, not stored.
        api.submit(notificationJson(prefix + "-ok-0", okUrl, null));
        NotifyApi.await(() -> merchant.receivedWith(prefix + "-ok-").size() >= 20
                        && merchant.receivedWith(prefix + "-wrong").size() >= 2,
                "the merchants received the notifications", WAIT);
        NotifyApi.await(() -> {
            Scrape now = scrape();
            return now.delta(before, "notify_deliveries_total", "outcome=\"success\"") >= 20
                    && now.delta(before, "notify_deliveries_total", "outcome=\"wrong_body\"") >= 2;
        }, "the attempts are counted", WAIT);

        Scrape after = scrape();
        assertEquals(21, after.delta(before, "notify_notifications_ingested_total", ""), "ingested");
        assertEquals(1, after.delta(before, "notify_notifications_duplicates_total", ""), "duplicates");
        assertTrue(after.delta(before, "notify_deliveries_total", "outcome=\"wrong_body\"") >= 2, "wrong bodies");
        assertTrue(after.delta(before, "notify_merchant_response_time_seconds_count", "") >= 22, "response times");
        assertTrue(after.delta(before, "notify_delivery_latency_seconds_count", "") >= 20, "latencies");
        assertTrue(after.value("notify_delivery_latency_seconds_bucket", "le=\"+Inf\"")
                >= after.value("notify_delivery_latency_seconds_count", ""), "the latency histogram has buckets");
        double successRate = after.value("notify_success_rate", "");
        assertTrue(successRate > 0 && successRate < 1, "a success rate between 0 and 1: " + successRate);
        double retryRate = after.value("notify_retry_rate", "");
        assertTrue(retryRate > 0 && retryRate < 1, "the wrong body's retries make a retry rate: " + retryRate);
        assertTrue(after.value("notify_error_rate", "") >= 0, "an error rate");
        assertEquals(redis.llen("merchant_notify_pending_queue"), after.value("notify_queue_pending", ""), 50,
                "the pending gauge reads Redis");
        assertTrue(after.value("notify_merchants", "status=\"normal\"") >= 1, "merchants by status");

        // The attempts' analysis deltas are moved into the rollups within a few runs (every 5 s).
        NotifyApi.await(() -> scrape().delta(before, "notify_analysis_compacted_total", "") >= 2,
                "the attempts' deltas are moved into the rollups", WAIT);
        Scrape compacted = scrape();
        assertTrue(compacted.delta(before, "notify_analysis_compaction_seconds_count", "") >= 1, "moves timed");
        assertTrue(compacted.value("notify_analysis_rollups_age_seconds", "") < 60,
                "the rollups are up to date: " + compacted.value("notify_analysis_rollups_age_seconds", ""));
        assertEquals(0, compacted.value("notify_analysis_compaction_failures_total", ""), "no move failed");
        assertEquals(0, compacted.value("notify_analysis_anomalies_total", "state=\"started\""),
                "no anomaly: the IT server has no history to forecast from");
    }

    @Test
    void aMerchantWhoseBreakerOpensShowsInTheGaugeAndTheLog() {
        String token = "s3cret-" + uniqueOrderNo("token");
        String url = merchant.refusedUrl() + "/" + uniqueOrderNo("metrics-breaker") + "?token=" + token;
        String first = uniqueOrderNo("metrics-breaker-1");
        // 4 attempts each on the test server: two notifications make the 5 consecutive failures that open the breaker.
        api.submit(notificationJson(first, url, null));
        api.submit(notificationJson(uniqueOrderNo("metrics-breaker-2"), url, null));
        String status = "merchant-status?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
        NotifyApi.await(() -> "circuit_breaker".equals(api.admin(status).data().getString("status")),
                "the breaker of " + url + " opens", WAIT);
        String merchantKey = api.admin(status).data().getString("merchant_key");

        Scrape after = scrape();
        assertTrue(after.value("notify_merchants", "status=\"circuit_breaker\"") >= 1, "open merchants");
        assertTrue(after.value("notify_deliveries_total", "outcome=\"connect\"") >= 5, "connect failures are counted");
        assertTrue(after.value("notify_error_rate", "") > 0, "refused connections make an error rate");

        // The server log: a line per failed attempt and one for the breaker, with order_no and merchant_key; the
        // token in the notify_url's query never.
        NotifyApi.await(() -> serverLog().contains("merchant_key=" + merchantKey + " breaker OPEN"),
                "the breaker's opening is logged", WAIT);
        String log = serverLog();
        assertTrue(log.contains("order_no=" + first + " merchant_key=" + merchantKey + " attempt 1 failed (connect)"),
                "the first failed attempt is logged");
        assertFalse(log.contains(token), "the notify_url's token is never logged");
    }

    private static String serverLog() {
        try {
            return Files.readString(Path.of("target/liberty/wlp/usr/servers/merchant-notify-it/logs/messages.log"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyApplicationMetricIsDocumentedInTheReadme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String line : get("/metrics?scope=application").body().split("\n")) {
            Matcher help = HELP.matcher(line);
            if (help.find()) {
                String family = help.group(1).replaceAll("_(max|total)$", "");
                if (!readme.contains("`" + family)) {
                    undocumented.add(family);
                }
            }
        }
        assertTrue(undocumented.isEmpty(), "metrics missing from the README's Metrics section: " + undocumented);
    }

    @Test
    void readinessFollowsRedisAndLivenessDoesNot() throws Exception {
        awaitHealth("/health/ready", 200);
        long redisPid = Long.parseLong(redis.info("server").lines().filter(l -> l.startsWith("process_id:"))
                .findFirst().orElseThrow().substring("process_id:".length()).trim());
        signal("STOP", redisPid);
        try {
            JsonObject ready = awaitHealth("/health/ready", 503);
            assertEquals("DOWN", check(ready, "redis").getString("status"), ready.toString());
            assertEquals("UP", check(ready, "database").getString("status"), ready.toString());
            HttpResponse<String> live = get("/health/live");
            assertEquals(200, live.statusCode(), "the pollers keep coming round while Redis is away: " + live.body());
        } finally {
            signal("CONT", redisPid);
        }
        JsonObject ready = awaitHealth("/health/ready", 200);
        assertEquals("UP", check(ready, "pollers").getString("status"), ready.toString());
        // And the node delivers again.
        String orderNo = uniqueOrderNo("after-redis");
        long id = api.submit(notificationJson(orderNo, merchant.url("/ok"), null)).data().getJsonNumber("id").longValue();
        api.awaitStatus(id, "success", WAIT);
    }

    private JsonObject awaitHealth(String path, int status) {
        JsonObject[] last = new JsonObject[1];
        NotifyApi.await(() -> {
            HttpResponse<String> answer = get(path);
            last[0] = Json.createReader(new StringReader(answer.body())).readObject();
            return answer.statusCode() == status;
        }, path + " answers " + status + " (last: " + last[0] + ")", Duration.ofSeconds(30));
        return last[0];
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow(() ->
                        new AssertionError("no check " + name + " in " + health));
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Scrape scrape() {
        HttpResponse<String> answer = get("/metrics?scope=application");
        assertEquals(200, answer.statusCode(), answer.body());
        return new Scrape(answer.body());
    }

    /** One reading of {@code /metrics} in the Prometheus text format. */
    private record Scrape(String text) {

        /** The sum of the samples of {@code name} whose labels contain {@code label} (empty: every sample). */
        double value(String name, String label) {
            double sum = 0;
            boolean found = false;
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line.trim());
                if (!line.startsWith("#") && sample.matches() && sample.group(1).equals(name)
                        && (sample.group(2) == null ? label.isEmpty() : sample.group(2).contains(label))
                        && !(label.isEmpty() && sample.group(2) != null && sample.group(2).contains("quantile="))) {
                    sum += Double.parseDouble(sample.group(3));
                    found = true;
                }
            }
            assertTrue(found, "no sample " + name + " " + label + " in /metrics");
            return sum;
        }

        double delta(Scrape before, String name, String label) {
            return value(name, label) - before.value(name, label);
        }
    }
}
