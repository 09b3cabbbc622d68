package dev.merchantnotify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The fault suite ({@code ./mvnw -Pbench -Dbench.main=dev.merchantnotify.bench.FaultSuite verify}, run by {@code .ci/run}):
 * the real server, a few thousand notifications to simulated merchants on loopback, a fault in the middle of the
 * deliveries, and a count at the merchants afterwards. Each case prints one line: submitted, delivered, lost,
 * duplicated (notifications a merchant acknowledged more than once), and the time from the end of the fault to the
 * last delivery. The suite fails (exit 1) when a case loses a notification or duplicates more than it may.
 *
 * <ul>
 *   <li>{@code kill}: the server is killed with SIGKILL in the middle of dispatch, moments after acknowledging a last
 *       batch, and started again, with the embedded defaults (H2, embedded Redis, which the killed server leaves
 *       running and the new one adopts). Only the notifications in flight at the kill may be delivered twice.</li>
 *   <li>{@code kill-all}: the same, with the embedded Redis killed too: the new one starts from its AOF.</li>
 *   <li>{@code redis-stop}: an external Redis is stopped for 20 s in the middle of dispatch, then started again on its
 *       data; notifications submitted meanwhile are accepted (they wait in the database).</li>
 *   <li>{@code sentinel}: PostgreSQL and a Redis master with a replica and three Sentinels ({@link SentinelGroup}), the
 *       node given only the Sentinels; the master is killed in the middle of the first half of the notifications, the
 *       second half submitted at once, the replica promoted: none lost, dispatch resumes by itself, and only those not
 *       yet recorded when the master died that reached their merchant before the promotion may arrive twice.</li>
 *   <li>{@code cluster}: the same with a Redis Cluster of three masters and a replica each ({@link ClusterGroup},
 *       created by {@code redis-cli --cluster create}), the node given three seed nodes and the queue split in its
 *       default 16 shards; the master of slot 0 (the first shards) is killed and the cluster promotes its replica.</li>
 *   <li>{@code three-nodes}: three servers on one PostgreSQL and a Redis Cluster like {@code cluster}'s, no fault:
 *       {@code faults.count} x 10 notifications, a third submitted to each node, each delivered exactly once, and
 *       every node delivering a share.</li>
 *   <li>{@code flush}: {@code FLUSHALL} in the middle of dispatch; the sweeper queues the lost ids again.</li>
 *   <li>{@code late}: merchants whose first answer comes after the request timeout (a late success): each is tried
 *       again and answered at once, and the delivery log holds exactly one SUCCESS per notification.</li>
 *   <li>{@code postgres}: PostgreSQL is restarted in the middle of dispatch (10 s down); a batch submitted meanwhile is
 *       answered 503 and leaves no row.</li>
 *   <li>{@code two-nodes}: two servers on one PostgreSQL and one Redis: {@code faults.count} x 10/3 notifications
 *       delivered exactly once; a breaker opened through one node holds on the other; one node stopped in the middle
 *       of a run hands its work back (nothing twice, no wait for leases); one node killed in the middle of a run
 *       leaves the other to finish everything (the killed node's leases expire and are taken over).</li>
 *   <li>{@code rabbitmq}, {@code kafka}: 100 merchant accounts whose route is one broker destination (the machine's
 *       RabbitMQ; the tests' KRaft broker), counted by a consumer of the run's own queue or topic. The broker is
 *       stopped for 20 s in the middle of {@code faults.count} notifications submitted over 40 s, then started again;
 *       then restarted at once in the middle of {@code faults.count} / 2 more over 20 s. Every notification arrives once
 *       the broker is back; only one with an attempt whose confirm the outage swallowed (a {@code timeout} or
 *       {@code network} failure in the log) may arrive twice.</li>
 *   <li>{@code websocket}: two servers on one PostgreSQL and one Redis; node B does not dispatch
 *       ({@code NOTIFY_DISPATCH_ENABLED=false}) and holds the sockets of 100 merchants, node A dispatches: each of
 *       {@code faults.count} notifications crosses the nodes through Redis and must arrive exactly once, with one
 *       attempt each. Then the merchants move from B to A in the middle of {@code faults.count} / 2 more (offline for
 *       2 s): all arrive, a copy twice only for an attempt whose ack was lost.</li>
 *   <li>{@code read-replica}: the node on PostgreSQL reads analysis and figures from a hot standby
 *       ({@code PG_READ_HOST}, made by {@code pg_basebackup}): {@code faults.count} notifications delivered, the
 *       figures read from the standby (its sessions, none of them on the primary) show every one; the standby stopped,
 *       {@code faults.count} / 2 more are delivered all the same while the figures answer a clear 503; started again,
 *       the figures catch up.</li>
 * </ul>
 * Options: {@code -Dfaults.cases=kill,kill-all,redis-stop,sentinel,cluster,three-nodes,flush,late,postgres,read-replica,two-nodes,rabbitmq,kafka,websocket}, {@code -Dfaults.count=3000},
 * {@code -Dfaults.pg.admin-url=jdbc:postgresql://127.0.0.1:5432/postgres}, {@code -Dfaults.pg.user=postgres},
 * {@code -Dfaults.pg.cluster=15/main} (for {@code pg_ctlcluster}).
 */
public final class FaultSuite {

    /** An external Redis for the cases that stop it. */
    static final int REDIS_PORT = 16579;
    /** The bench server's embedded Redis (src/bench/liberty/bench-server). */
    static final int EMBEDDED_REDIS_PORT = 16479;
    static final String ADMIN = BenchServer.ADMIN;
    static final String ADMIN_PASSWORD = BenchServer.ADMIN_PASSWORD;
    private static final String PG_ADMIN_URL = System.getProperty("faults.pg.admin-url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getProperty("faults.pg.user", "postgres");
    /** The suite's own PostgreSQL database, dropped and created again by each case that uses it. */
    private static final String DATABASE = "merchant_notify_faults";
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

        /** The same line, passed only if it passed and {@code condition} holds too. */
        Result passedOnlyIf(boolean condition) {
            return new Result(name, submitted, delivered, lost, duplicated, recoverySeconds, passed && condition, note);
        }
    }

    private final Path wlp = Path.of("target/liberty/wlp");
    private final Path out = Path.of("target/faults");
    private final int count = Integer.getInteger("faults.count", 3000);
    private final Set<String> cases = new TreeSet<>(Arrays.asList(
            System.getProperty("faults.cases",
                    "kill,kill-all,redis-stop,sentinel,cluster,three-nodes,flush,late,postgres,read-replica,two-nodes,rabbitmq,kafka,websocket")
                    .split(",")));
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
            for (String name : List.of("kill", "kill-all", "redis-stop", "sentinel", "cluster", "three-nodes", "flush", "late", "postgres",
                    "read-replica", "two-nodes", "rabbitmq", "kafka", "websocket")) {
                if (cases.contains(name)) {
                    simulator.reset();
                    Result result = switch (name) {
                        case "kill" -> kill(false);
                        case "kill-all" -> kill(true);
                        case "redis-stop" -> redisStop();
                        case "sentinel" -> sentinel();
                        case "cluster" -> cluster();
                        case "three-nodes" -> threeNodes();
                        case "flush" -> flush();
                        case "late" -> late();
                        case "postgres" -> postgresRestart();
                        case "read-replica" -> readReplica();
                        case "rabbitmq" -> brokerOutage("rabbitmq", new BrokerSink.Rabbit());
                        case "kafka" -> brokerOutage("kafka", new BrokerSink.Kafka());
                        case "websocket" -> socketsOnAnotherNode();
                        default -> twoNodes();
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
        return Workload.all("slow-1000", simulator);
    }

    // ---- the cases

    /** {@code kill}, or with {@code redisToo} ({@code kill-all}) the embedded Redis killed as well. */
    private Result kill(boolean redisToo) throws Exception {
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(Map.of()));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId("K");
            LoadDriver.Submitted first = submit(server, workload, prefix + "a", count * 2 / 3);
            await(() -> delivered(first) >= count / 3, "a third delivered", Duration.ofSeconds(60));
            // The last third is killed moments after its batches were acknowledged: acknowledged means stored.
            LoadDriver.Submitted last = submit(server, workload, prefix + "b", count - count * 2 / 3);
            server.kill();
            if (redisToo) {
                server.killEmbeddedRedis();
            }
            LoadDriver.Submitted submitted = LoadDriver.Submitted.concat(first, last);
            int atKill = delivered(submitted);
            // The server is down: read its H2 file directly (every commit is in it).
            Set<Long> inFlight = inFlightAtKill(submitted, "jdbc:h2:file:" + wlp.resolve("usr/servers")
                    .resolve(BenchServer.NAME).resolve("data/h2/merchant-notify").toAbsolutePath(),
                    "merchant_notify", "merchant_notify", prefix);
            Bench.log("%s: server killed with %,d of %,d delivered, right after the last batch was acknowledged",
                    redisToo ? "kill-all" : "kill", atKill, count);
            server.start(Map.of());
            long restarted = System.nanoTime();
            double recovery = awaitAll(server, submitted, prefix, restarted);
            // At most the attempts in flight at the kill (the server's cap, notify.dispatch.max-in-flight) come twice.
            return result(redisToo ? "kill-all" : "kill", submitted, recovery, 0, inFlight, "killed at " + atKill
                    + " delivered; " + (redisToo ? "its Redis killed too and started again from its AOF"
                    : "restarted with the embedded Redis adopted"));
        } finally {
            server.stop();
        }
    }

    private Result redisStop() throws Exception {
        Path data = out.resolve("redis");
        BenchServer.deleteTree(data);
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

    /**
     * Redis behind Sentinels: the node knows only the Sentinels; the master is killed (SIGKILL) in the middle of the
     * first half of the notifications, the second half is submitted at once, and the Sentinels promote the replica.
     */
    private Result sentinel() throws Exception {
        try (SentinelGroup group = SentinelGroup.start(out.resolve("sentinel"))) {
            return masterFailover("sentinel", "S", group);
        }
    }

    /**
     * A Redis Cluster of three masters with a replica each: the node knows three seed nodes; the master of the queue's
     * first shards is killed (SIGKILL) in the middle of the first half, and the cluster promotes its replica.
     */
    private Result cluster() throws Exception {
        try (ClusterGroup group = ClusterGroup.start(out.resolve("cluster"))) {
            return masterFailover("cluster", "C", group);
        }
    }

    /**
     * Three servers on one PostgreSQL and a Redis Cluster (three masters with a replica each, the queue in 16 shards):
     * {@code faults.count} x 10 notifications to healthy merchants, a third submitted to each node; every one must
     * arrive exactly once (but one whose merchant's answer was lost in a broken connection, which the log shows), and
     * every node must have delivered a share.
     */
    private Result threeNodes() throws Exception {
        Bench.freshPostgres(PG_ADMIN_URL, PG_USER, DATABASE);
        try (ClusterGroup group = ClusterGroup.start(out.resolve("three-nodes"))) {
            Map<String, String> shared = new LinkedHashMap<>(postgres());
            shared.putAll(group.environment());
            List<String> names = List.of(BenchServer.NAME, BenchServer.SECOND_NAME, BenchServer.THIRD_NAME);
            List<BenchServer> nodes = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Map<String, String> extra = new LinkedHashMap<>(shared);
                // Three servers just started, PostgreSQL and six Redis processes on two cores: the first seconds of a
                // run here had attempts to merchants that answer at once end past the suite's 3 s timeout (422 in one
                // run), enough to open breakers and defer their merchants past the case's limit. The case is about
                // exactly-once across nodes, so it gives attempts the default production timeout's double.
                extra.put("NOTIFY_DISPATCH_REQUEST_TIMEOUT_MS", "10000");
                // Leases must outlast what waits in a lane: 4 x (10 s + the grace) < 60 s (the server checks it).
                extra.put("NOTIFY_DISPATCH_LEASE_SECONDS", "60");
                if (i > 0) {
                    BenchServer.copy(wlp, BenchServer.NAME, names.get(i));
                    extra.put("HTTP_PORT", String.valueOf(Bench.SERVER_PORT + 10 * i));
                    extra.put("HTTPS_PORT", String.valueOf(Bench.SERVER_PORT + 10 * i + 1));
                }
                nodes.add(new BenchServer(wlp, names.get(i), Bench.SERVER_PORT + 10 * i, environment(extra)));
            }
            try {
                for (BenchServer node : nodes) {
                    node.wipeData();
                    node.start(Map.of());
                }
                // Healthy merchants that answer at once (with merchants that take a second, a run here had its first
                // 4,332 attempts end past the 3 s timeout and every merchant's breaker opened).
                Workload workload = Workload.all("ok", simulator);
                String prefix = runId("N");
                int total = count * 10;
                LoadDriver.Submitted all = null;
                for (int i = 0; i < nodes.size(); i++) {
                    int share = i < nodes.size() - 1 ? total / nodes.size() : total - total / nodes.size() * i;
                    LoadDriver.Submitted part = submit(nodes.get(i), workload, prefix + (char) ('a' + i), share);
                    all = all == null ? part : LoadDriver.Submitted.concat(all, part);
                }
                double took = awaitAll(nodes.get(0), all, prefix, all.firstSentNanos);
                Set<Long> answerLost = failedAfterSending(nodes.get(0), prefix);
                List<String> shares = new ArrayList<>();
                boolean everyNode = true;
                for (BenchServer node : nodes) {
                    long delivered = successes(node);
                    everyNode &= delivered > 0;
                    shares.add(String.format(Locale.ROOT, "%,d", delivered));
                }
                Result counted = result("three-nodes", all, took, 0, answerLost, "");
                return new Result(counted.name(), counted.submitted(), counted.delivered(), counted.lost(),
                        counted.duplicated(), took, counted.passed() && everyNode, String.format(Locale.ROOT,
                        "%,d accepted in 3 parts, all delivered %.1f s after the first was sent (%,.0f/s); "
                        + "successes per node %s; %d with an attempt whose answer was lost", all.accepted(), took,
                        all.accepted() / took, String.join(" / ", shares), answerLost.size()));
            } finally {
                for (BenchServer node : nodes) {
                    node.stop();
                }
            }
        }
    }

    private static final Pattern SUCCESSES = Pattern.compile(
            "(?m)^notify_deliveries_total\\{[^}]*outcome=\"success\"[^}]*} ([0-9.Ee+]+)");

    /** The successful attempts this node made, from its {@code /metrics}. */
    private long successes(BenchServer node) {
        Matcher counter = SUCCESSES.matcher(get(node, "/metrics?scope=application", ADMIN, ADMIN_PASSWORD));
        long sum = 0;
        while (counter.find()) {
            sum += (long) Double.parseDouble(counter.group(1));
        }
        return sum;
    }

    /**
     * The node on PostgreSQL and the deployment's Redis; its master is killed when a third of the first half is
     * delivered, the second half is submitted at once, and a replica takes over. Nothing may be lost, dispatch must
     * resume without a restart, and only a notification not yet recorded when the master died that reached its
     * merchant before the promotion may arrive twice (its claim can be among the writes the replica never received).
     */
    private Result masterFailover(String name, String runLetter, RedisProcesses redis) throws Exception {
        String jdbcUrl = Bench.freshPostgres(PG_ADMIN_URL, PG_USER, DATABASE);
        Map<String, String> extra = new LinkedHashMap<>(postgres());
        extra.putAll(redis.environment());
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(extra));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId(runLetter);
            LoadDriver.Submitted first = submit(server, workload, prefix + "a", count / 2);
            await(() -> delivered(first) >= count / 6, "a third of the first half delivered", Duration.ofSeconds(60));
            int killed = redis.killMaster();
            long killedAt = System.nanoTime();
            Set<Long> unrecorded = notRecorded(jdbcUrl, PG_USER, "", prefix);
            int atKill = delivered(first);
            Bench.log("%s: master :%d killed with %,d of %,d delivered", name, killed, atKill, count / 2);
            CompletableFuture<LoadDriver.Submitted> submitting = CompletableFuture.supplyAsync(() -> {
                try {
                    return submit(server, workload, prefix + "b", count - count / 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            int promoted = redis.awaitFailover(killed, Duration.ofSeconds(60));
            long promotedAt = System.nanoTime();
            LoadDriver.Submitted second = submitting.join();
            Bench.log("%s: replica :%d promoted %.1f s after the kill", name, promoted, (promotedAt - killedAt) / 1e9);
            Set<Long> inFlight = new java.util.HashSet<>();
            for (long id : first.ids) {
                if (id >= 0 && unrecorded.contains(id) && simulator.delivered(id)
                        && simulator.firstArrivalNanos(id) <= promotedAt) {
                    inFlight.add(id);
                }
            }
            LoadDriver.Submitted all = LoadDriver.Submitted.concat(first, second);
            double recovery = awaitAll(server, all, prefix, promotedAt);
            return result(name, all, recovery, 0, inFlight, String.format(Locale.ROOT, "master :%d killed at "
                    + "%,d delivered, :%d promoted in %.1f s, the node followed without a restart; %d of %d "
                    + "accepted meanwhile", killed, atKill, promoted, (promotedAt - killedAt) / 1e9,
                    second.accepted(), count - count / 2));
        } finally {
            server.stop();
        }
    }

    /** The ids of the run's notifications not recorded as delivered yet. */
    private static Set<Long> notRecorded(String jdbcUrl, String user, String password, String prefix)
            throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id FROM notification WHERE order_no LIKE ? AND status <> 'SUCCESS'")) {
            select.setString(1, prefix + "%");
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                }
            }
        }
        return ids;
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
            Workload workload = Workload.all("late-4000", simulator);
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
            return counted.passedOnlyIf(oneSuccessEach);
        } finally {
            server.stop();
        }
    }

    private Result postgresRestart() throws Exception {
        String jdbcUrl = Bench.freshPostgres(PG_ADMIN_URL, PG_USER, DATABASE);
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(postgres()));
        server.wipeData();
        server.start(Map.of());
        try {
            Workload workload = slowButHealthy();
            String prefix = runId("P");
            LoadDriver.Submitted submitted = submit(server, workload, prefix, count);
            await(() -> delivered(submitted) >= count / 3, "a third delivered", Duration.ofSeconds(60));
            pgCluster("stop");
            long stopped = System.nanoTime();
            Bench.log("postgres: PostgreSQL stopped with %,d of %,d delivered", delivered(submitted), count);
            String refusedPrefix = prefix + "down-";
            HttpResponse<String> refused;
            try {
                Thread.sleep(2_000);
                refused = postBatch(server, workload, refusedPrefix, 10, false);
                Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - stopped) / 1_000_000));
            } finally {
                pgCluster("start");
            }
            long restarted = System.nanoTime();
            Bench.log("postgres: PostgreSQL started again after %.1f s; the batch sent meanwhile: %d %s",
                    (restarted - stopped) / 1e9, refused.statusCode(), refused.body());
            double recovery = awaitAll(server, submitted, prefix, restarted);
            long partial = countRows(jdbcUrl, refusedPrefix);
            boolean refusedClearly = refused.statusCode() == 503 && refused.body().contains("\"code\":503")
                    && refused.body().contains("database unavailable");
            // Outcomes that could not be written while the database was down may be delivered again.
            Result counted = result("postgres", submitted, recovery, 1024, "a batch during the outage: HTTP "
                    + refused.statusCode() + ", rows left " + partial);
            return counted.passedOnlyIf(refusedClearly && partial == 0);
        } finally {
            server.stop();
        }
    }

    /** The standby's port for {@code read-replica}. */
    private static final int STANDBY_PORT = 25432;
    private static final Pattern STATS_SUCCESS = Pattern.compile("\"success\":(\\d+)");

    /**
     * The node reads analysis and figures from a hot standby: every delivery shows in the figures read there, delivery
     * carries on while the standby is down (the figures answer 503 meanwhile), and the figures catch up once it is back.
     */
    private Result readReplica() throws Exception {
        String jdbcUrl = Bench.freshPostgres(PG_ADMIN_URL, PG_USER, DATABASE);
        String version = pgClusterName()[0];
        try (StandbyPostgres standby = StandbyPostgres.start(STANDBY_PORT, PG_USER, version)) {
            Map<String, String> extra = new LinkedHashMap<>(postgres());
            extra.put("PG_READ_HOST", "127.0.0.1");
            extra.put("PG_READ_PORT", String.valueOf(STANDBY_PORT));
            BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(extra));
            server.wipeData();
            server.start(Map.of());
            try {
                Workload workload = Workload.all("ok", simulator);
                String prefix = runId("Q");
                LoadDriver.Submitted first = submit(server, workload, prefix + "a", count);
                awaitAll(server, first, prefix + "a", first.firstSentNanos);
                long recorded = System.nanoTime();
                await(() -> figuredSuccesses(server) >= count, "the standby's figures show " + count,
                        Duration.ofSeconds(60));
                double lag = (System.nanoTime() - recorded) / 1e9;
                int onStandby = standby.sessions(DATABASE, "merchant-notify-read");
                int readersOnPrimary = StandbyPostgres.sessions(jdbcUrl, PG_USER, DATABASE, "merchant-notify-read");
                boolean standbyInRecovery = standby.inRecovery(DATABASE);
                int analysisUp = getAnswer(server, "/admin/merchant-notify/analysis").statusCode();
                Bench.log("read-replica: %,d delivered, in the standby's figures %.1f s after the log had them; "
                        + "reading sessions: %d on the standby, %d on the primary", count, lag, onStandby,
                        readersOnPrimary);

                standby.stop();
                HttpResponse<String> whileDown;
                int analysisDown;
                LoadDriver.Submitted second;
                try {
                    second = submit(server, workload, prefix + "b", count / 2);
                    awaitAll(server, second, prefix + "b", second.firstSentNanos);
                    whileDown = getAnswer(server, "/admin/merchant-notify/stats");
                    analysisDown = getAnswer(server, "/admin/merchant-notify/analysis").statusCode();
                    Bench.log("read-replica: standby stopped, %,d more delivered; the figures meanwhile: %d %s",
                            count / 2, whileDown.statusCode(), whileDown.body());
                } finally {
                    standby.startServer();
                }
                long restarted = System.nanoTime();
                int all = count + count / 2;
                await(() -> figuredSuccesses(server) >= all, "the standby's figures show " + all,
                        Duration.ofSeconds(60));
                double caughtUp = (System.nanoTime() - restarted) / 1e9;
                boolean clear = whileDown.statusCode() == 503 && whileDown.body().contains("\"code\":503")
                        && whileDown.body().contains("database unavailable") && !whileDown.body().contains("Exception");
                Result counted = result("read-replica", LoadDriver.Submitted.concat(first, second), caughtUp, 0,
                        String.format(Locale.ROOT, "figures from the standby %.1f s behind the log, %d reading "
                                + "sessions there, %d on the primary; standby down: delivery on, figures HTTP %d, "
                                + "analysis HTTP %d (up: %d); caught up %.1f s after its restart", lag, onStandby,
                                readersOnPrimary, whileDown.statusCode(), analysisDown, analysisUp, caughtUp));
                return counted.passedOnlyIf(onStandby > 0 && readersOnPrimary == 0 && standbyInRecovery && clear
                        && analysisUp == 200 && analysisDown == 503);
            } finally {
                server.stop();
            }
        }
    }

    /** The successes of the last 7 days in the node's figures ({@code /stats}, which reads the read database). */
    private long figuredSuccesses(BenchServer server) {
        Matcher success = STATS_SUCCESS.matcher(getAnswer(server, "/admin/merchant-notify/stats").body());
        return success.find() ? Long.parseLong(success.group(1)) : -1;
    }

    /** Two servers on one fresh PostgreSQL database and one external Redis, started; and how to stop them. */
    private record TwoNodes(BenchServer a, BenchServer b, RedisServer redis, String jdbcUrl) {
        void stop() throws Exception {
            a.stop();
            b.stop();
            redis.stop();
        }
    }

    /** Starts node A on {@link Bench#SERVER_PORT} and node B ten ports up, B with {@code secondExtra} set as well. */
    private TwoNodes twoNodes(Map<String, String> secondExtra) throws Exception {
        String jdbcUrl = Bench.freshPostgres(PG_ADMIN_URL, PG_USER, DATABASE);
        Path data = out.resolve("redis");
        BenchServer.deleteTree(data);
        Files.createDirectories(data);
        RedisServer redis = externalRedis(data);
        redis.start();
        BenchServer.copy(wlp, BenchServer.NAME, BenchServer.SECOND_NAME);
        Map<String, String> shared = new LinkedHashMap<>(postgres());
        shared.put("REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT);
        BenchServer a = new BenchServer(wlp, BenchServer.NAME, Bench.SERVER_PORT, environment(shared));
        Map<String, String> second = new LinkedHashMap<>(shared);
        second.put("HTTP_PORT", String.valueOf(Bench.SERVER_PORT + 10));
        second.put("HTTPS_PORT", String.valueOf(Bench.SERVER_PORT + 11));
        second.putAll(secondExtra);
        BenchServer b = new BenchServer(wlp, BenchServer.SECOND_NAME, Bench.SERVER_PORT + 10, environment(second));
        a.wipeData();
        b.wipeData();
        a.start(Map.of());
        b.start(Map.of());
        return new TwoNodes(a, b, redis, jdbcUrl);
    }

    private Result twoNodes() throws Exception {
        TwoNodes nodes = twoNodes(Map.of());
        String jdbcUrl = nodes.jdbcUrl();
        BenchServer a = nodes.a();
        BenchServer b = nodes.b();
        try {
            // Both nodes deliver: half the notifications are submitted to each, every one must arrive exactly once.
            Workload workload = slowButHealthy();
            int many = count * 10 / 3;
            String prefix = runId("T");
            LoadDriver.Submitted both = LoadDriver.Submitted.concat(submit(a, workload, prefix + "a", many / 2),
                    submit(b, workload, prefix + "b", many - many / 2));
            double together = awaitAll(a, both, prefix, both.firstSentNanos);
            // No notification is claimed by both nodes: only one whose merchant's answer was lost (an attempt that
            // failed after it was sent, e.g. the merchant closed the connection before its answer) may come twice.
            Set<Long> bothAnswerLost = failedAfterSending(a, prefix);
            Result exactlyOnce = withLostAnswers(result("two-nodes", both, together, 0, bothAnswerLost, ""),
                    bothAnswerLost);
            Bench.log("two-nodes: both running: %s", exactlyOnce.line());

            // A breaker opened through node A holds on node B: B does not call the merchant while it is open.
            String[] failing = new String[Workload.MERCHANTS];
            Arrays.fill(failing, "error");
            Workload broken = new Workload("error", simulator, failing);
            List<Long> opening = ids(postBatch(a, broken, prefix + "e", 5, true));
            String brokenUrl = broken.url(0);
            await(() -> get(b, "/admin/merchant-notify/merchant-status?notify_url=" + brokenUrl, ADMIN, ADMIN_PASSWORD)
                    .contains("\"is_circuit_breaker_open\":true"), "node B sees the breaker open", Duration.ofSeconds(60));
            List<Long> held = ids(postBatch(b, broken, prefix + "h", 1, true));
            Thread.sleep(3_000);
            long heldCalls = held.stream().mapToLong(simulator::requests).sum();
            boolean breakerShared = held.size() == 1 && heldCalls == 0;
            Bench.log("two-nodes: breaker opened through A after %d calls; a notification for it submitted to B: "
                    + "%d calls in 3 s", opening.stream().mapToLong(simulator::requests).sum(), heldCalls);

            // A route changed through node A is followed by node B within seconds (the routing version in Redis).
            double routeChangeSeconds = routeChangeSeenByOtherNode(a, b, prefix);
            boolean routeFollowed = routeChangeSeconds >= 0 && routeChangeSeconds < ROUTE_CHANGE_LIMIT_SECONDS;
            Bench.log("two-nodes: a route changed through A routes B's next notifications after %.1f s",
                    routeChangeSeconds);

            // Node B is stopped (server stop) in the middle of a run: it finishes its attempts in flight and hands the
            // rest back at once, so A finishes without waiting for leases, and nothing comes twice.
            String stopPrefix = runId("S");
            LoadDriver.Submitted stoppedRun = LoadDriver.Submitted.concat(
                    submit(a, workload, stopPrefix + "a", count), submit(b, workload, stopPrefix + "b", count));
            await(() -> delivered(stoppedRun) >= count / 2, "a quarter delivered", Duration.ofSeconds(60));
            long stopping = System.nanoTime();
            b.stop();
            Bench.log("two-nodes: node B stopped in %.1f s with %,d of %,d delivered", (System.nanoTime() - stopping) / 1e9,
                    delivered(stoppedRun), 2 * count);
            double handedOver = awaitAll(a, stoppedRun, stopPrefix, stopping);
            // Only a notification whose merchant's answer was lost (an attempt that failed after it was sent: the
            // connection broke, or no answer in time) may have reached its merchant twice: at least once, as documented.
            Set<Long> answerLost = failedAfterSending(a, stopPrefix);
            Result afterStop = withLostAnswers(result("two-nodes", stoppedRun, handedOver, 0, answerLost, ""),
                    answerLost);
            Bench.log("two-nodes: after stopping B: %s", afterStop.line());

            // Node B is killed in the middle of a run: A delivers everything, B's claims once their leases expire.
            b.start(Map.of());
            String killPrefix = runId("U");
            LoadDriver.Submitted run = LoadDriver.Submitted.concat(submit(a, workload, killPrefix + "a", count),
                    submit(b, workload, killPrefix + "b", count));
            await(() -> delivered(run) >= count / 2, "a quarter delivered", Duration.ofSeconds(60));
            b.kill();
            long killed = System.nanoTime();
            Set<Long> inFlight = inFlightAtKill(run, jdbcUrl, PG_USER, "", killPrefix);
            Bench.log("two-nodes: node B killed with %,d of %,d delivered, %,d of them in flight", delivered(run),
                    2 * count, inFlight.size());
            double takeover = awaitAll(a, run, killPrefix, killed);
            Result afterKill = result("two-nodes", run, takeover, 0, inFlight, "");
            Bench.log("two-nodes: after killing B: %s", afterKill.line());
            List<Result> phases = List.of(exactlyOnce, afterStop, afterKill);
            return new Result("two-nodes", phases.stream().mapToInt(Result::submitted).sum(),
                    phases.stream().mapToInt(Result::delivered).sum(), phases.stream().mapToInt(Result::lost).sum(),
                    phases.stream().mapToInt(Result::duplicated).sum(), takeover,
                    phases.stream().allMatch(Result::passed) && breakerShared && routeFollowed,
                    String.format(Locale.ROOT, "%,d on both nodes: %d twice (%s); breaker held on B: %s; route change "
                                    + "through A followed by B after %.1f s; B stopped: %d twice, A done %.1f s later; "
                                    + "B killed: %d twice (%s), A done %.1f s later",
                            exactlyOnce.submitted(), exactlyOnce.duplicated(), exactlyOnce.note(),
                            breakerShared ? "yes" : "NO",
                            routeChangeSeconds, afterStop.duplicated(), handedOver, afterKill.duplicated(),
                            afterKill.note(), takeover));
        } finally {
            nodes.stop();
        }
    }

    /**
     * A broker case: accounts routed to one broker destination, notifications submitted at a steady rate; the broker
     * stopped for 20 s mid-run, then restarted at once mid-run. Retries reach past the outage (2 s … 30 s) and
     * breakers reopen after 5 s, as a deployment that expects broker outages would set them.
     */
    private Result brokerOutage(String name, BrokerSink broker) throws Exception {
        BenchServer server = new BenchServer(wlp, Bench.SERVER_PORT, environment(Map.of(
                "NOTIFY_DISPATCH_RETRY_DELAYS", "2s,4s,8s,15s,30s,30s",
                "NOTIFY_MERCHANT_OPEN_SECONDS", "5",
                "NOTIFY_MERCHANT_DEFER_SECONDS", "2")));
        server.wipeData();
        server.start(Map.of());
        try {
            String prefix = runId(name.equals("kafka") ? "KF" : "MQ");
            broker.prepare(prefix.replace("-", ""));
            Workload workload = broker.register(server, simulator, "FAULTS-" + prefix);

            // Notifications keep coming at a steady rate while the broker goes away for 20 s and comes back.
            LoadDriver producer = new LoadDriver(server.baseUrl(), Bench.PRODUCER, Bench.PRODUCER_PASSWORD);
            CompletableFuture<LoadDriver.Submitted> steady = CompletableFuture.supplyAsync(
                    () -> producer.steady(workload, prefix + "a", count / 40.0, 40));
            Thread.sleep(10_000);
            broker.stop();
            long stopped = System.nanoTime();
            Bench.log("%s: broker stopped 10 s into a steady run of %,d", name, count);
            Thread.sleep(Math.max(0, 20_000 - (System.nanoTime() - stopped) / 1_000_000));
            broker.start();
            long started = System.nanoTime();
            Bench.log("%s: broker started again after %.1f s", name, (started - stopped) / 1e9);
            LoadDriver.Submitted outage = steady.join();
            double recovery = awaitArrived(server, broker, outage, prefix + "a", started);

            // Then restarted at once, 5 s into a steady run of half as many.
            CompletableFuture<LoadDriver.Submitted> second = CompletableFuture.supplyAsync(
                    () -> producer.steady(workload, prefix + "b", count / 40.0, 20));
            Thread.sleep(5_000);
            long restarting = System.nanoTime();
            broker.stop();
            broker.start();
            long restarted = System.nanoTime();
            Bench.log("%s: broker restarted in %.1f s, 5 s into a steady run of %,d", name,
                    (restarted - restarting) / 1e9, count / 2);
            LoadDriver.Submitted third = second.join();
            producer.close();
            double afterRestart = awaitArrived(server, broker, third, prefix + "b", restarted);

            // Only a notification whose confirm the outage swallowed (an attempt failed after it was sent: no
            // confirm in time, or the connection broke) may have arrived twice: at least once, as documented.
            Set<Long> confirmLost = failedAfterSending(server, prefix);
            LoadDriver.Submitted all = LoadDriver.Submitted.concat(outage, third);
            int accepted = all.accepted();
            int arrived = broker.arrived(all);
            int duplicated = 0;
            int unexpected = 0;
            for (long id : all.ids) {
                if (id >= 0 && broker.times(id) > 1) {
                    duplicated++;
                    if (!confirmLost.contains(id)) {
                        unexpected++;
                    }
                }
            }
            int lost = accepted - arrived;
            boolean passed = lost == 0 && all.rejected.get() == 0 && unexpected == 0;
            return new Result(name, all.ids.length, arrived, lost, duplicated, recovery, passed, String.format(
                    Locale.ROOT, "stopped 20 s: all arrived %.1f s after it came back; restarted: all arrived %.1f s "
                            + "later; %,d with an attempt whose confirm was lost%s; the consumer was handed %,d "
                            + "messages", recovery, afterRestart, confirmLost.size(),
                    unexpected > 0 ? ", " + unexpected + " OTHERS arrived twice" : "", broker.messages())
                    + (all.rejected.get() > 0 ? "; " + all.rejected.get() + " refused at submission" : ""));
        } finally {
            server.stop();
            try {
                broker.close();
            } catch (Exception e) {
                Bench.log("%s: cleaning up the broker failed: %s", name, e);
            }
        }
    }

    /**
     * {@code websocket}: the merchants' sockets on node B, which does not dispatch; node A dispatches everything, so
     * every frame crosses the nodes through Redis. Then the merchants move to node A in the middle of a run.
     */
    private Result socketsOnAnotherNode() throws Exception {
        TwoNodes nodes = twoNodes(Map.of("NOTIFY_DISPATCH_ENABLED", "false"));
        BenchServer a = nodes.a();
        BenchServer b = nodes.b();
        SocketSink sockets = new SocketSink();
        try {
            String prefix = runId("WS");
            Workload workload = sockets.register(a, simulator, "FAULTS-" + prefix);
            sockets.connect(Bench.SERVER_PORT + 10);
            await(() -> get(a, "/admin/merchant-notify/accounts/FAULTS-" + prefix + "0", ADMIN, ADMIN_PASSWORD)
                    .contains("\"sessions_elsewhere\":1"), "node A sees the socket on node B", Duration.ofSeconds(30));

            // Every notification is dispatched on A and pushed on B's sockets: once each, one attempt each.
            long started = System.nanoTime();
            LoadDriver.Submitted across = submit(a, workload, prefix + "a", count);
            double crossing = awaitArrived(a, sockets, across, prefix + "a", started);
            long attempts = adminTotal(a, "logs?limit=1&order_no=" + prefix + "a");
            int repeated = 0;
            for (long id : across.ids) {
                if (id >= 0 && sockets.times(id) > 1) {
                    repeated++;
                }
            }
            int arrived = sockets.arrived(across);
            boolean exactlyOnce = arrived == across.accepted() && repeated == 0 && attempts == across.accepted()
                    && across.rejected.get() == 0;
            Bench.log("websocket: %,d dispatched on A, pushed on B: %,d arrived in %.1f s, %d twice, %,d attempts "
                    + "recorded", across.accepted(), arrived, crossing, repeated, attempts);

            // The merchants move from B to A in the middle of a steady run, offline for 2 s.
            LoadDriver producer = new LoadDriver(a.baseUrl(), Bench.PRODUCER, Bench.PRODUCER_PASSWORD);
            CompletableFuture<LoadDriver.Submitted> steady = CompletableFuture.supplyAsync(
                    () -> producer.steady(workload, prefix + "b", count / 40.0, 20));
            Thread.sleep(7_000);
            sockets.stop();
            Thread.sleep(2_000);
            sockets.connect(Bench.SERVER_PORT);
            long back = System.nanoTime();
            Bench.log("websocket: the merchants moved from node B to node A, offline for 2 s");
            LoadDriver.Submitted moved = steady.join();
            producer.close();
            double recovery = awaitArrived(a, sockets, moved, prefix + "b", back);
            Set<Long> ackLost = failedAfterSending(a, prefix + "b");
            int movedArrived = sockets.arrived(moved);
            int duplicated = 0;
            int unexpected = 0;
            for (long id : moved.ids) {
                if (id >= 0 && sockets.times(id) > 1) {
                    duplicated++;
                    if (!ackLost.contains(id)) {
                        unexpected++;
                    }
                }
            }
            int lost = across.accepted() - arrived + moved.accepted() - movedArrived;
            boolean passed = exactlyOnce && lost == 0 && unexpected == 0 && moved.rejected.get() == 0
                    && sockets.closedByServer() == 0;
            return new Result("websocket", across.ids.length + moved.ids.length, arrived + movedArrived, lost,
                    repeated + duplicated, recovery, passed, String.format(Locale.ROOT,
                    "%,d across the nodes: %d twice, %,d attempts for %,d; moved B -> A mid-run: all arrived %.1f s "
                            + "after reconnecting, %d with an attempt whose ack was lost%s%s", across.accepted(),
                    repeated, attempts, across.accepted(), recovery, ackLost.size(),
                    unexpected > 0 ? ", " + unexpected + " OTHERS twice" : "",
                    sockets.closedByServer() > 0 ? "; the server closed " + sockets.closedByServer() + " sockets"
                            : ""));
        } finally {
            sockets.close();
            nodes.stop();
        }
    }

    /** Like {@link #awaitAll}, counted at the broker's consumer. */
    private double awaitArrived(BenchServer server, BrokerSink broker, LoadDriver.Submitted submitted, String prefix,
                                long since) throws InterruptedException {
        int accepted = submitted.accepted();
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (broker.arrived(submitted) == accepted
                    && adminTotal(server, "logs?limit=1&status=1&order_no=" + prefix) >= accepted) {
                break;
            }
            Thread.sleep(250);
        }
        if (broker.arrived(submitted) < accepted) {
            Bench.log("queue: %s", get(server, "/admin/merchant-notify/queue-status", ADMIN, ADMIN_PASSWORD)
                    .replaceAll("\\[.*", "…"));
        }
        return (System.nanoTime() - since) / 1e9;
    }

    /** How long a route change may take to reach the other node before the case fails. */
    private static final double ROUTE_CHANGE_LIMIT_SECONDS = 5;
    private static final Pattern DESTINATION = Pattern.compile("\"destination\":\"([a-z]+)\"");
    private static final Pattern ROUTE_ID = Pattern.compile("\"route_id\":(\\d+)");

    /**
     * A merchant account with destinations {@code first} and {@code second} and a single route to {@code first},
     * made through node A; node B delivers one of its notifications to {@code first}. The route is then changed to
     * {@code second} through A, and B is given a notification every 100 ms until one reaches {@code second}.
     *
     * @return seconds from the change's answer to the submission of the first of B's notifications routed by it
     */
    private double routeChangeSeenByOtherNode(BenchServer a, BenchServer b, String prefix) throws Exception {
        String merchantNo = "TWO-NODES-" + prefix.replace("-", "");
        a.admin("POST", "accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Two nodes\"}");
        for (String[] destination : List.of(new String[] {"first", simulator.url(0, "ok")},
                new String[] {"second", simulator.url(1, "ok")})) {
            a.admin("POST", "accounts/" + merchantNo + "/destinations", "{\"name\":\"" + destination[0]
                    + "\",\"type\":\"http\",\"settings\":{\"url\":\"" + destination[1] + "\"}}");
        }
        Matcher created = ROUTE_ID.matcher(a.admin("POST", "accounts/" + merchantNo + "/routes",
                "{\"event_pattern\":\"*\",\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"first\"}]]}"));
        if (!created.find()) {
            throw new IllegalStateException("the route's id was not answered");
        }
        String route = "accounts/" + merchantNo + "/routes/" + created.group(1);
        if (!deliveredTo(b, merchantNo, prefix + "r0").equals("first")) {
            throw new IllegalStateException("node B did not route by the account's route");
        }
        a.admin("PUT", route, "{\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"second\"}]]}");
        long changed = System.nanoTime();
        for (int i = 1; System.nanoTime() - changed < Duration.ofSeconds(30).toNanos(); i++) {
            long submitted = System.nanoTime();
            if (deliveredTo(b, merchantNo, prefix + "r" + i).equals("second")) {
                return (submitted - changed) / 1e9;
            }
            Thread.sleep(100);
        }
        return -1;
    }

    /** Submits one notification for the account to {@code server}; answers the destination it was delivered to. */
    private String deliveredTo(BenchServer server, String merchantNo, String orderNo) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/api/v1/notifications"))
                .header("Authorization", basic(Bench.PRODUCER, Bench.PRODUCER_PASSWORD))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\""
                        + merchantNo + "\",\"payload\":{\"order_no\":\"" + orderNo + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher id = ITEM_ID.matcher(answer.body());
        if (answer.statusCode() != 202 || !id.find()) {
            throw new IllegalStateException("the notification was refused: " + answer.statusCode() + " " + answer.body());
        }
        String path = "/api/v1/notifications/" + id.group(1);
        String[] delivered = new String[1];
        await(() -> {
            String body = get(server, path, Bench.PRODUCER, Bench.PRODUCER_PASSWORD);
            Matcher destination = DESTINATION.matcher(body);
            if (body.contains("\"status\":\"success\"") && destination.find()) {
                delivered[0] = destination.group(1);
                return true;
            }
            return false;
        }, orderNo + " is delivered", Duration.ofSeconds(30));
        return delivered[0];
    }

    /** An admin API call that must succeed; answers its body. */
    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    // ---- helpers

    private static Map<String, String> postgres() {
        return Map.of("DB_TYPE", "postgres", "PG_HOST", "127.0.0.1", "PG_PORT", "5432", "PG_DB", DATABASE,
                "PG_USER", PG_USER, "PG_PASSWORD", "");
    }

    private static long countRows(String jdbcUrl, String orderNoPrefix) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, PG_USER, "");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT COUNT(*) FROM notification WHERE order_no LIKE ?")) {
            select.setString(1, orderNoPrefix + "%");
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The machine's PostgreSQL cluster, {@code faults.pg.cluster}: its version and its name. */
    private static String[] pgClusterName() {
        return System.getProperty("faults.pg.cluster", "15/main").split("/");
    }

    /** {@code pg_ctlcluster <cluster> stop|start} (as root, or through sudo). */
    private static void pgCluster(String action) throws Exception {
        String[] cluster = pgClusterName();
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", cluster[0],
                cluster[1], action));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add(0, "sudo");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /**
     * One batch through the ingest API, answered as it is (the producer would retry it); with {@code oneMerchant}, all
     * to the workload's first merchant.
     */
    private HttpResponse<String> postBatch(BenchServer server, Workload workload, String prefix, int n,
                                           boolean oneMerchant) throws Exception {
        StringBuilder json = new StringBuilder("{\"notifications\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
            }
            workload.appendJson(json, prefix + i, oneMerchant ? 0 : i);
        }
        json.append("]}");
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/notifications/batch"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (Bench.PRODUCER + ":" + Bench.PRODUCER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern ITEM_ID = Pattern.compile("\"id\":(\\d+)");

    /** The ids a batch answer gives. */
    private static List<Long> ids(HttpResponse<String> answer) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the batch was refused: " + answer.statusCode() + " " + answer.body());
        }
        List<Long> ids = new ArrayList<>();
        Matcher id = ITEM_ID.matcher(answer.body());
        while (id.find()) {
            ids.add(Long.parseLong(id.group(1)));
        }
        return ids;
    }

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

    /**
     * The notifications in flight at a kill: they had reached their merchant (by the simulator's count, taken just
     * after the kill) but their success was not recorded in the database (read just after the kill). Only these may
     * be delivered twice.
     */
    private Set<Long> inFlightAtKill(LoadDriver.Submitted submitted, String jdbcUrl, String user, String password,
                                     String prefix) throws SQLException {
        Set<Long> unrecorded = notRecorded(jdbcUrl, user, password, prefix);
        Set<Long> inFlight = new java.util.HashSet<>();
        for (long id : submitted.ids) {
            if (id >= 0 && simulator.delivered(id) && unrecorded.contains(id)) {
                inFlight.add(id);
            }
        }
        return inFlight;
    }

    /** Says where the undelivered notifications stand: the queue's counts and the first few, as the server sees them. */
    private void explainLost(BenchServer server, LoadDriver.Submitted submitted) {
        try {
            Bench.log("queue: %s", get(server, "/admin/merchant-notify/queue-status", ADMIN, ADMIN_PASSWORD)
                    .replaceAll("\\[.*", "…"));
            int shown = 0;
            for (long id : submitted.ids) {
                if (id >= 0 && !simulator.delivered(id) && shown++ < 5) {
                    String row;
                    try {
                        row = get(server, "/api/v1/notifications/" + id, Bench.PRODUCER, Bench.PRODUCER_PASSWORD);
                    } catch (IllegalStateException e) {
                        row = e.getMessage();
                    }
                    Bench.log("undelivered %d: %s", id, row);
                }
            }
        } catch (RuntimeException e) {
            Bench.log("could not ask the server about the undelivered notifications: %s", e);
        }
    }

    private Result result(String name, LoadDriver.Submitted submitted, double recovery, int duplicatesAllowed,
                          String note) {
        return result(name, submitted, recovery, duplicatesAllowed, null, note);
    }

    /**
     * The case's line. With {@code mayRepeat}, a notification delivered twice must be one of those (they were in flight
     * at the kill: sent to their merchant, not yet recorded); otherwise at most {@code duplicatesAllowed} may be.
     */
    private Result result(String name, LoadDriver.Submitted submitted, double recovery, int duplicatesAllowed,
                          Set<Long> mayRepeat, String note) {
        int accepted = submitted.accepted();
        int delivered = delivered(submitted);
        int duplicated = 0;
        int unexpected = 0;
        for (long id : submitted.ids) {
            if (id >= 0 && simulator.successes(id) > 1) {
                duplicated++;
                if (mayRepeat != null && !mayRepeat.contains(id)) {
                    unexpected++;
                }
            }
        }
        int lost = accepted - delivered;
        boolean passed = lost == 0 && submitted.rejected.get() == 0
                && (mayRepeat != null ? unexpected == 0 : duplicated <= duplicatesAllowed);
        if (mayRepeat != null) {
            note = note + (note.isEmpty() ? "" : "; ") + mayRepeat.size() + " in flight at the kill"
                    + (unexpected > 0 ? ", " + unexpected + " OTHERS delivered twice" : "");
        }
        return new Result(name, submitted.ids.length, delivered, lost, duplicated, recovery, passed,
                note + (submitted.rejected.get() > 0 ? "; " + submitted.rejected.get() + " refused at submission" : ""));
    }

    /** A phase's result whose repeats may only be notifications whose answer was lost, its note saying how many. */
    private static Result withLostAnswers(Result counted, Set<Long> answerLost) {
        return new Result(counted.name(), counted.submitted(), counted.delivered(), counted.lost(),
                counted.duplicated(), counted.recoverySeconds(), counted.passed(), answerLost.size()
                + " with an attempt whose answer was lost" + (counted.note().contains("OTHERS")
                ? ", others delivered twice" : ""));
    }

    private static final Pattern LOG_LINE = Pattern.compile("\\{[^{}]*\"order_id\"[^{}]*}");
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\":(\\d+)");
    private static final Pattern ERROR_KIND = Pattern.compile("\"error_kind\":\"(\\w+)\"");

    /**
     * The notifications with an attempt that failed after it was sent (broken connection, no answer in time): their
     * merchant may have taken them although the node never saw its answer.
     */
    private Set<Long> failedAfterSending(BenchServer server, String prefix) {
        Set<Long> ids = new java.util.HashSet<>();
        long total = adminTotal(server, "logs?limit=1&status=0&order_no=" + prefix);
        for (int page = 1; (page - 1) * 100L < total; page++) {
            Matcher line = LOG_LINE.matcher(get(server, "/admin/merchant-notify/logs?limit=100&status=0&order_no="
                    + prefix + "&page=" + page, ADMIN, ADMIN_PASSWORD));
            while (line.find()) {
                Matcher id = ORDER_ID.matcher(line.group());
                Matcher kind = ERROR_KIND.matcher(line.group());
                if (id.find() && kind.find() && (kind.group(1).equals("network") || kind.group(1).equals("timeout"))) {
                    ids.add(Long.parseLong(id.group(1)));
                }
            }
        }
        return ids;
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
        HttpResponse<String> answer = getAnswer(server, path, user, password);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /** An admin's GET, whatever its status. */
    private HttpResponse<String> getAnswer(BenchServer server, String path) {
        return getAnswer(server, path, ADMIN, ADMIN_PASSWORD);
    }

    private HttpResponse<String> getAnswer(BenchServer server, String path, String user, String password) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .header("Authorization", basic(user, password))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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
}
