package dev.merchantnotify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The fault suite ({@code mvn -Pbench -Dbench.main=dev.merchantnotify.bench.FaultSuite verify}, run by {@code .ci/run}):
 * the real server, a few thousand notifications to simulated merchants on loopback, a fault in the middle of the
 * deliveries, and a count at the merchants afterwards. Each case prints one line: submitted, delivered, lost,
 * duplicated (notifications a merchant acknowledged more than once), and the time from the end of the fault to the
 * last delivery. The suite fails (exit 1) when a case loses a notification or duplicates more than it may.
 *
 * <ul>
 *   <li>{@code kill}: the server is killed with SIGKILL in the middle of dispatch and started again, with the embedded
 *       defaults (H2, embedded Redis, which the killed server leaves running and the new one adopts). Only the
 *       notifications in flight at the kill may be delivered twice.</li>
 *   <li>{@code redis-stop}: an external Redis is stopped for 20 s in the middle of dispatch, then started again on its
 *       data; notifications submitted meanwhile are accepted (they wait in the database).</li>
 *   <li>{@code flush}: {@code FLUSHALL} in the middle of dispatch; the sweeper queues the lost ids again.</li>
 *   <li>{@code late}: merchants whose first answer comes after the request timeout (a late success): each is tried
 *       again and answered at once, and the delivery log holds exactly one SUCCESS per notification.</li>
 * </ul>
 * Options: {@code -Dfaults.cases=kill,redis-stop,flush,late}, {@code -Dfaults.count=3000}.
 */
public final class FaultSuite {

    /** An external Redis for the cases that stop it. */
    static final int REDIS_PORT = 16579;
    /** The bench server's embedded Redis (src/bench/liberty/bench-server). */
    static final int EMBEDDED_REDIS_PORT = 16479;
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-dev-secret";
    /** The longest a case waits for its deliveries after the fault ended. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(150);
    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)");

    /** One case's outcome, as printed. */
    record Result(String name, int submitted, int delivered, int lost, int duplicated, double recoverySeconds,
                  boolean passed, String note) {

        String line() {
            return String.format(Locale.ROOT, "%-10s submitted %,6d  delivered %,6d  lost %d  duplicated %,5d  "
                    + "recovered in %5.1f s  %s  %s", name, submitted, delivered, lost, duplicated, recoverySeconds,
                    passed ? "PASS" : "FAIL", note);
        }
    }

    private final Path wlp = Path.of("target/liberty/wlp");
    private final Path out = Path.of("target/faults");
    private final int count = Integer.getInteger("faults.count", 3000);
    private final Set<String> cases = new TreeSet<>(Arrays.asList(
            System.getProperty("faults.cases", "kill,redis-stop,flush,late").split(",")));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Result> results = new ArrayList<>();
    private MerchantSimulator simulator;

    public static void main(String[] args) throws Exception {
        boolean passed = new FaultSuite().run();
        System.exit(passed ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(out);
        simulator = new MerchantSimulator(Bench.SIMULATOR_PORT, 4, 4, 1_000_000);
        try {
            for (String name : List.of("kill", "redis-stop", "flush", "late")) {
                if (cases.contains(name)) {
                    simulator.reset();
                    Result result = switch (name) {
                        case "kill" -> kill();
                        case "redis-stop" -> redisStop();
                        case "flush" -> flush();
                        default -> late();
                    };
                    results.add(result);
                    Bench.log("%s", result.line());
                }
            }
        } finally {
            simulator.close();
        }
        StringBuilder table = new StringBuilder("Fault suite, " + count + " notifications a case:\n");
        results.forEach(result -> table.append(result.line()).append('\n'));
        System.out.println();
        System.out.print(table);
        Files.writeString(out.resolve("results.txt"), table);
        return results.stream().allMatch(Result::passed);
    }

    /** The server's settings for every case: short leases, sweeps and retries, so recovery is measured in seconds. */
    private static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", String.valueOf(Bench.SERVER_PORT));
        env.put("HTTPS_PORT", String.valueOf(Bench.SERVER_PORT + 1));
        env.put("DB_TYPE", "h2");
        env.put("NOTIFY_DISPATCH_CONNECT_TIMEOUT_MS", "1000");
        env.put("NOTIFY_DISPATCH_REQUEST_TIMEOUT_MS", "3000");
        env.put("NOTIFY_DISPATCH_LEASE_SECONDS", "20");
        env.put("NOTIFY_DISPATCH_SWEEP_GRACE_SECONDS", "5");
        env.put("NOTIFY_DISPATCH_RETRY_DELAYS", "1s,2s,5s");
        env.putAll(extra);
        return env;
    }

    /** 100 merchants that answer {@code success} after one second: dispatch takes a few seconds, with much in flight. */
    private Workload slowButHealthy() {
        String[] behaviours = new String[Workload.MERCHANTS];
        Arrays.fill(behaviours, "slow-1000");
        return new Workload("slow-1000", simulator, behaviours);
    }

    // ---- the cases

    private Result kill() throws Exception {
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(Map.of()));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId("K");
            LoadDriver.Submitted submitted = submit(server, workload, prefix, count);
            await(() -> delivered(submitted) >= count / 3, "a third delivered", Duration.ofSeconds(60));
            server.kill();
            int atKill = delivered(submitted);
            Bench.log("kill: server killed with %,d of %,d delivered", atKill, count);
            server.start(Map.of());
            long restarted = System.nanoTime();
            double recovery = awaitAll(server, submitted, prefix, restarted);
            // At most the attempts in flight at the kill (the server's cap, notify.dispatch.max-in-flight) come twice.
            return result("kill", submitted, recovery, 1024, "killed at " + atKill + " delivered; restarted "
                    + "with the embedded Redis adopted");
        } finally {
            server.stop();
        }
    }

    private Result redisStop() throws Exception {
        Path data = out.resolve("redis");
        deleteTree(data);
        Files.createDirectories(data);
        RedisServer redis = externalRedis(data);
        redis.start();
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT,
                environment(Map.of("REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT)));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId("R");
            LoadDriver.Submitted first = submit(server, workload, prefix + "a", count / 2);
            await(() -> delivered(first) >= count / 6, "a third of the first half delivered", Duration.ofSeconds(60));
            redis.stop();
            long stopped = System.nanoTime();
            Bench.log("redis-stop: Redis stopped with %,d of %,d delivered", delivered(first), count / 2);
            LoadDriver.Submitted second = submit(server, workload, prefix + "b", count - count / 2);
            int acceptedDuringOutage = second.accepted();
            Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - stopped) / 1_000_000));
            redis = externalRedis(data);
            redis.start();
            long restarted = System.nanoTime();
            Bench.log("redis-stop: Redis started again after %.1f s", (restarted - stopped) / 1e9);
            LoadDriver.Submitted all = LoadDriver.Submitted.concat(first, second);
            double recovery = awaitAll(server, all, prefix, restarted);
            return result("redis-stop", all, recovery, 0, acceptedDuringOutage + " of " + (count - count / 2)
                    + " accepted while Redis was down");
        } finally {
            server.stop();
            redis.stop();
        }
    }

    private Result flush() throws Exception {
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(Map.of()));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId("F");
            LoadDriver.Submitted submitted = submit(server, workload, prefix, count);
            await(() -> delivered(submitted) >= count / 3, "a third delivered", Duration.ofSeconds(60));
            try (RedisClient redis = RedisClient.create("127.0.0.1", EMBEDDED_REDIS_PORT)) {
                redis.flushAll();
            }
            long flushed = System.nanoTime();
            int atFlush = delivered(submitted);
            Bench.log("flush: FLUSHALL with %,d of %,d delivered", atFlush, count);
            double recovery = awaitAll(server, submitted, prefix, flushed);
            return result("flush", submitted, recovery, 0, "flushed at " + atFlush + " delivered");
        } finally {
            server.stop();
        }
    }

    private Result late() throws Exception {
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(Map.of()));
        server.wipeData();
        server.start(Map.of());
        try {
            String[] behaviours = new String[Workload.MERCHANTS];
            Arrays.fill(behaviours, "late-4000");
            Workload workload = new Workload("late-4000", simulator, behaviours);
            // Four a merchant: four timeouts in a row stay below the breaker's five.
            int lateCount = 4 * Workload.MERCHANTS;
            String prefix = runId("L");
            LoadDriver.Submitted submitted = submit(server, workload, prefix, lateCount);
            long start = System.nanoTime();
            double settled = awaitAll(server, submitted, prefix, start);
            // The merchants' first answers came after the timeout: each notification was tried again, and the delivery
            // log must hold exactly one successful attempt per notification.
            long successes = adminTotal(server, "logs?limit=1&status=1&order_no=" + prefix);
            long timeouts = adminTotal(server, "logs?limit=1&status=0&order_no=" + prefix);
            Result counted = result("late", submitted, settled, submitted.accepted(),
                    "SUCCESS records " + successes + ", timed-out attempts " + timeouts);
            boolean oneSuccessEach = successes == submitted.accepted();
            return new Result(counted.name(), counted.submitted(), counted.delivered(), counted.lost(),
                    counted.duplicated(), counted.recoverySeconds(), counted.passed() && oneSuccessEach, counted.note());
        } finally {
            server.stop();
        }
    }

    // ---- helpers

    private static RedisServer externalRedis(Path data) throws java.io.IOException {
        return RedisServer.newRedisServer().bind("127.0.0.1").port(REDIS_PORT)
                .setting("dir \"" + data.toAbsolutePath() + "\"")
                .setting("appendonly yes")
                .setting("appendfsync everysec")
                .setting("save \"\"")
                .build();
    }

    /** A prefix for the order numbers of one run of a case, so that its delivery log lines can be counted. */
    private static String runId(String caseLetter) {
        return caseLetter + System.currentTimeMillis() % 1_000_000 + "-";
    }

    private LoadDriver.Submitted submit(BenchServer server, Workload workload, String prefix, int n)
            throws InterruptedException {
        LoadDriver producer = new LoadDriver(server.baseUrl(), Bench.PRODUCER, Bench.PRODUCER_PASSWORD);
        try {
            return producer.bulk(workload, prefix, n, 500, 2);
        } finally {
            producer.close();
        }
    }

    private int delivered(LoadDriver.Submitted submitted) {
        int delivered = 0;
        for (long id : submitted.ids) {
            if (id >= 0 && simulator.delivered(id)) {
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Waits until every accepted notification arrived at its merchant and the server recorded its success (one
     * successful attempt each in the delivery log, order numbers starting with {@code prefix}); returns the seconds
     * from {@code since} until then.
     */
    private double awaitAll(BenchServer server, LoadDriver.Submitted submitted, String prefix, long since)
            throws InterruptedException {
        int accepted = submitted.accepted();
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (delivered(submitted) == accepted
                    && adminTotal(server, "logs?limit=1&status=1&order_no=" + prefix) >= accepted) {
                break;
            }
            Thread.sleep(250);
        }
        if (delivered(submitted) < accepted) {
            explainLost(server, submitted);
        }
        return (System.nanoTime() - since) / 1e9;
    }

    /** Says where the undelivered notifications stand: the queue's counts and the first few, as the server sees them. */
    private void explainLost(BenchServer server, LoadDriver.Submitted submitted) {
        try {
            Bench.log("queue: %s", get(server, "/admin/merchant-notify/queue-status", ADMIN, ADMIN_PASSWORD)
                    .replaceAll("\\[.*", "…"));
            int shown = 0;
            for (long id : submitted.ids) {
                if (id >= 0 && !simulator.delivered(id) && shown++ < 5) {
                    Bench.log("undelivered %d: %s", id, get(server, "/api/v1/notifications/" + id, Bench.PRODUCER,
                            Bench.PRODUCER_PASSWORD));
                }
            }
        } catch (RuntimeException e) {
            Bench.log("could not ask the server about the undelivered notifications: %s", e);
        }
    }

    private Result result(String name, LoadDriver.Submitted submitted, double recovery, int duplicatesAllowed,
                          String note) {
        int accepted = submitted.accepted();
        int delivered = delivered(submitted);
        int duplicated = 0;
        for (long id : submitted.ids) {
            if (id >= 0 && simulator.successes(id) > 1) {
                duplicated++;
            }
        }
        int lost = accepted - delivered;
        boolean passed = lost == 0 && submitted.rejected.get() == 0 && duplicated <= duplicatesAllowed;
        return new Result(name, submitted.ids.length, delivered, lost, duplicated, recovery, passed,
                note + (submitted.rejected.get() > 0 ? "; " + submitted.rejected.get() + " refused at submission" : ""));
    }

    private long adminTotal(BenchServer server, String pathAndQuery) {
        String body = get(server, "/admin/merchant-notify/" + pathAndQuery, ADMIN, ADMIN_PASSWORD);
        Matcher total = TOTAL.matcher(body);
        if (!total.find()) {
            throw new IllegalStateException(pathAndQuery + " answered " + body);
        }
        return Long.parseLong(total.group(1));
    }

    private String get(BenchServer server, String path, String user, String password) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var files = Files.walk(root)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
