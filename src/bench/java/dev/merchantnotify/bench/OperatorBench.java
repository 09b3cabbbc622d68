package dev.merchantnotify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operators' recovery tools at scale, against the real server (H2, its packaged configuration), one merchant of
 * the {@link MerchantSimulator}:
 * <ol>
 *   <li><b>recover</b>: notifications to a merchant that is half down (the simulator's {@code switch}: 410 for odd
 *       notification ids, so those fail at their first attempt, while the even ones are delivered and, with the failure
 *       threshold at 1000 for the run, keep its breaker closed), until {@code operator.count} (100,000 by default)
 *       have failed; the merchant comes back; one
 *       {@code recover} queues them all again (batches of {@code notify.operator.batch-size}, each its own
 *       transaction); the time to queue them, and until the merchant has every one of them, without a duplicate.</li>
 *   <li><b>pause</b>: a merchant is paused, the same count is submitted to it: none may reach it and every one must be
 *       parked without an attempt; then {@code resume-merchant}: the time to queue them and until it has them all.</li>
 * </ol>
 * {@code ./mvnw -Pbench -Dbench.main=dev.merchantnotify.bench.OperatorBench verify}; results in
 * {@code target/operator-bench/results.txt}.
 */
public final class OperatorBench {

    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-dev-secret";
    private static final Duration LIMIT = Duration.ofMinutes(15);
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");
    private static final Pattern QUEUED = Pattern.compile("\"queued\":(\\d+)");
    private static final Pattern STATE = Pattern.compile("\"state\":\"(\\w+)\"");
    private static final Pattern JOB_ID = Pattern.compile("\"job_id\":\"(\\w+)\"");
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");
    private static final Pattern ITEM_ID = Pattern.compile("\"id\":(\\d+)");

    private final int count = Integer.getInteger("operator.count", 100_000);
    private final Path wlp = Path.of("target/liberty/wlp");
    private final Path out = Path.of("target/operator-bench");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> lines = new ArrayList<>();
    private MerchantSimulator simulator;
    private BenchServer server;

    public static void main(String[] args) throws Exception {
        boolean passed = new OperatorBench().run();
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        simulator = new MerchantSimulator(Bench.SIMULATOR_PORT, 1, 4, 4_000_000);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", String.valueOf(Bench.SERVER_PORT));
        env.put("HTTPS_PORT", String.valueOf(Bench.SERVER_PORT + 1));
        env.put("DB_TYPE", "h2");
        // Half of the first phase's answers are failures in no particular order: runs of 5 are certain among 200,000,
        // runs of 1000 (the highest threshold allowed) are not.
        env.put("NOTIFY_MERCHANT_FAILURE_THRESHOLD", "1000");
        server = new BenchServer(wlp, Bench.SERVER_PORT, env);
        boolean passed;
        try {
            server.wipeData();
            server.start(Map.of());
            passed = recover() & pause();
        } finally {
            server.close();
            simulator.close();
        }
        String table = "Operator tools, " + count + " notifications of one merchant (H2, 2 cores):\n"
                + String.join("\n", lines) + "\n";
        System.out.println();
        System.out.print(table);
        Files.writeString(out.resolve("results.txt"), table);
        return passed;
    }

    private boolean recover() throws Exception {
        String url = simulator.url(0, "switch");
        String prefix = "R" + System.currentTimeMillis() % 1_000_000 + "-";
        Instant since = Instant.now().minusSeconds(60);
        long began = System.nanoTime();
        // Every odd id fails at its first attempt: submit until at least the count of them have been.
        List<Long> ids = new ArrayList<>();
        for (int round = 0; ids.size() < count; round++) {
            for (long id : submitAll(url, prefix + round + "-", 1000)) {
                if (id % 2 != 0) {
                    ids.add(id);
                }
            }
        }
        await(this::queueEmpty, "every notification has had its attempt");
        long failed = recoverable(url, since);
        if (failed != ids.size()) {
            throw new IllegalStateException(ids.size() + " odd ids were submitted but " + failed + " failed");
        }
        Bench.log("recover: %,d notifications failed (410) in %.1f s", failed, seconds(began));

        simulator.switchOn();
        long recoverBegan = System.nanoTime();
        String job = post("recover", "{\"notify_url\":\"" + url + "\",\"since\":\"" + since + "\"}");
        String done = awaitJob(job);
        double queueing = seconds(recoverBegan);
        long queued = number(QUEUED, done);
        await(() -> delivered(ids) == ids.size() && recoverable(url, since) == 0,
                "the merchant has every recovered notification");
        double delivering = seconds(recoverBegan);
        long duplicates = simulator.duplicates();
        boolean passed = queued == failed && queued >= count && duplicates == 0;
        lines.add(String.format("recover  %s: queued %,d of %,d failed in %.1f s (batches of 1000, each its own "
                        + "transaction); the merchant had them all %.1f s after the request (%,.0f/s); %d duplicate(s)",
                passed ? "PASS" : "FAIL", queued, failed, queueing, delivering, queued / delivering, duplicates));
        Bench.log("%s", lines.get(lines.size() - 1));
        return passed;
    }

    private boolean pause() throws Exception {
        String url = simulator.url(1, "ok");
        String prefix = "P" + System.currentTimeMillis() % 1_000_000 + "-";
        List<Long> first = submitAll(url, "F" + prefix, 1);
        await(() -> delivered(first) == 1, "the merchant is known");
        long before = simulator.total();
        post("pause-merchant", "{\"notify_url\":\"" + url + "\",\"reason\":\"bench\"}");
        long began = System.nanoTime();
        List<Long> ids = submit(url, prefix);
        await(this::queueEmpty, "every notification of the paused merchant is parked");
        double parking = seconds(began);
        long sentWhilePaused = simulator.total() - before;
        long attemptsWhilePaused = number(TOTAL, get("logs?limit=1&order_no=" + prefix));

        long resumeBegan = System.nanoTime();
        String answer = post("resume-merchant", "{\"notify_url\":\"" + url + "\"}");
        String done = awaitJob(answer);
        double queueing = seconds(resumeBegan);
        long queued = number(QUEUED, done);
        await(() -> delivered(ids) == ids.size(), "the merchant has every kept notification");
        double delivering = seconds(resumeBegan);
        boolean passed = sentWhilePaused == 0 && attemptsWhilePaused == 0 && queued == count
                && simulator.duplicates() == 0;
        lines.add(String.format("pause    %s: %,d submitted and parked in %.1f s, %d request(s) and %d attempt(s) "
                        + "while paused; resume queued %,d in %.1f s, all delivered %.1f s after it (%,.0f/s); "
                        + "%d duplicate(s)", passed ? "PASS" : "FAIL", count, parking, sentWhilePaused,
                attemptsWhilePaused, queued, queueing, delivering, count / delivering, simulator.duplicates()));
        Bench.log("%s", lines.get(lines.size() - 1));
        return passed;
    }

    // ---- helpers

    private List<Long> submit(String url, String prefix) throws Exception {
        return submitAll(url, prefix, count);
    }

    /** Submits {@code n} notifications to {@code url} in batches of 1000; returns their ids. */
    private List<Long> submitAll(String url, String prefix, int n) throws Exception {
        List<Long> ids = new ArrayList<>(n);
        for (int from = 0; from < n; from += 1000) {
            StringBuilder json = new StringBuilder("{\"notifications\":[");
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                if (i > from) {
                    json.append(',');
                }
                json.append("{\"order_no\":\"").append(prefix).append(i).append("\",\"notify_url\":\"").append(url)
                        .append("\",\"payload\":{\"order_no\":\"").append(prefix).append(i)
                        .append("\",\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"99.00\"}}");
            }
            json.append("]}");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/api/v1/notifications/batch"))
                    .header("Authorization", basic(Bench.PRODUCER, Bench.PRODUCER_PASSWORD))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the batch was refused: " + answer.statusCode() + " " + answer.body());
            }
            Matcher id = ITEM_ID.matcher(answer.body());
            while (id.find()) {
                ids.add(Long.parseLong(id.group(1)));
            }
        }
        return ids;
    }

    /** Nothing pending, waiting for a retry or in flight. */
    private boolean queueEmpty() {
        String queue = get("queue-status");
        return queue.contains("\"pending_count\":0") && queue.contains("\"retry_count\":0")
                && queue.contains("\"inflight_count\":0");
    }

    private long recoverable(String url, Instant since) {
        try {
            return number(COUNT, post("recover", "{\"notify_url\":\"" + url + "\",\"since\":\"" + since
                    + "\",\"dry_run\":true}"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int delivered(List<Long> ids) {
        int delivered = 0;
        for (long id : ids) {
            if (simulator.delivered(id)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** The job an answer names, once it is no longer running (at once if it finished within the request). */
    private String awaitJob(String answer) throws InterruptedException {
        Matcher job = JOB_ID.matcher(answer);
        if (!job.find()) {
            throw new IllegalStateException("no job in " + answer);
        }
        String id = job.group(1);
        String[] last = {answer};
        await(() -> {
            last[0] = get("jobs/" + id);
            Matcher state = STATE.matcher(last[0]);
            return state.find() && !state.group(1).equals("running");
        }, "job " + id + " ends");
        if (!last[0].contains("\"state\":\"done\"")) {
            throw new IllegalStateException("job " + id + " did not finish: " + last[0]);
        }
        return last[0];
    }

    private String post(String endpoint, String json) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/merchant-notify/" + endpoint))
                .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 && answer.statusCode() != 202) {
            throw new IllegalStateException(endpoint + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private String get(String pathAndQuery) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(server.baseUrl() + "/admin/merchant-notify/" + pathAndQuery))
                    .header("Authorization", basic(ADMIN, ADMIN_PASSWORD)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(pathAndQuery + " answered " + answer.statusCode() + ": "
                        + answer.body());
            }
            return answer.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long number(Pattern pattern, String json) {
        Matcher value = pattern.matcher(json);
        if (!value.find()) {
            throw new IllegalStateException(pattern + " not in " + json);
        }
        return Long.parseLong(value.group(1));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + LIMIT + " waiting until " + what);
            }
            Thread.sleep(500);
        }
    }
}
