package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;

/**
 * The benchmark: starts the merchant simulator, measures the ceiling and the seed's design, then runs scenarios A–D
 * against the real server on H2 and on PostgreSQL, and prints one table (also written to target/bench/results.md).
 *
 * <p>Run with {@code ./mvnw -Pbench verify}; system properties choose what runs:
 * {@code bench.db} (h2,postgres), {@code bench.scenarios} (ceiling,seed,A,A2,B,F,R,K,W,C,D; A2: A's load on two nodes, PostgreSQL only; F: A's load through a failover
 * route per merchant account whose primary never answers; R and K: A's load through a route per merchant account to
 * a RabbitMQ exchange (the machine's broker) or a Kafka topic (the tests' KRaft broker), counted by a consumer; W: A's
 * load to 100 merchants connected by WebSocket, acknowledging each frame, then latency at half that rate), {@code bench.scale} (1.0: 100,000
 * notifications in A and B, 2,000,000 in C), {@code bench.c.count} (C alone; C's course is written to
 * target/bench/c-DB.csv and .png by {@link ScaleUpTrace}), {@code bench.d.seconds} (60), {@code bench.d.rate} (D's rate
 * per second; half of A's by default), {@code bench.profile} (JFR's profile settings on the server in each measured
 * phase, summed up by {@link ProfilePhases}), {@code bench.pg.url} / {@code bench.pg.user}. The server's heap
 * allocation per notification in each measured phase is counted by {@link ServerAllocation}.
 */
public final class Bench {

    static final int SERVER_PORT = 9380;
    static final int SIMULATOR_PORT = 7300;
    static final int REDIS_PORT = 16479;
    static final int SEED_REDIS_PORT = 16480;
    static final String PRODUCER = "producer";
    static final String NATIVE_CEILING = "native ceiling";
    static final String CLIENT_CEILING = "client ceiling";
    static final String PRODUCER_PASSWORD = "producer-dev-secret";
    /** Issue 25's target: half of the 73 KB per notification the server allocated in A on H2 in November (JFR). */
    static final double ALLOCATION_TARGET_KB = 36.5;

    private final double scale = Double.parseDouble(System.getProperty("bench.scale", "1.0"));
    private final Set<String> scenarios = set(System.getProperty("bench.scenarios", "ceiling,seed,A,A2,B,F,R,K,W,C,D"));
    private final List<String> databases = List.of(System.getProperty("bench.db", "h2,postgres").split(","));
    private final int steadySeconds = Integer.getInteger("bench.d.seconds", 60);
    private final int warmUp = Integer.getInteger("bench.warmup", 30_000);
    private final String pgAdminUrl = System.getProperty("bench.pg.admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private final String pgDatabase = System.getProperty("bench.pg.database", "merchant_notify_bench");
    private final String pgUser = System.getProperty("bench.pg.user", "postgres");
    private final Path wlp = Path.of(System.getProperty("bench.wlp", "target/liberty/wlp")).toAbsolutePath();
    private final Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
    private final List<Row> rows = new ArrayList<>();
    /** Scenario C's two halves compared, per database. */
    private final Map<String, ScaleUpTrace.Halves> courses = new HashMap<>();
    private final Map<String, Double> healthyRate = new HashMap<>();
    /** What each bulk scenario asked of Redis, PostgreSQL and the network per notification ({@link Traffic}). */
    private final Map<String, Traffic.Per> traffic = new LinkedHashMap<>();

    private MerchantSimulator simulator;

    /** One line of the table. */
    record Row(String db, String scenario, String system, int notifications, double ingestPerSecond,
               double healthyPerSecond, double p50, double p95, double p99, long duplicates, long losses,
               long peakHeapBytes, long peakRssBytes, double redisBytesPerQueued, Cost cost, String note) {
    }

    /**
     * CPU time per notification, in microseconds: the server process (with H2 inside it), the server's Redis, this
     * process (simulator, producer), and the whole machine (those three plus PostgreSQL, the kernel and anything else).
     */
    record Cost(double server, double redis, double bench, double machine, double serverKb) {
        static final Cost NONE = new Cost(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * The start of a measured phase: CPU time used so far by the server, its Redis, this process and the whole
     * machine, and the count of the server's heap allocation begun ({@link ServerAllocation}; null if not possible).
     */
    private record CpuSnapshot(double server, double redis, double bench, double machine, ServerAllocation allocation) {
        static CpuSnapshot start(BenchServer server, Path out, String label) throws IOException {
            ServerAllocation allocation = ServerAllocation.start(server.pid(), out.resolve("jfr"), label,
                    Boolean.getBoolean("bench.profile"));
            return take(server, allocation);
        }

        private static CpuSnapshot take(BenchServer server, ServerAllocation allocation) throws IOException {
            double redis;
            try (RedisClient client = RedisClient.builder().hostAndPort("127.0.0.1", REDIS_PORT).build()) {
                redis = infoNumber(client.info("cpu"), "used_cpu_sys") + infoNumber(client.info("cpu"), "used_cpu_user");
            }
            return new CpuSnapshot(server.cpuSeconds(), redis, benchCpuSeconds(), machineCpuSeconds(), allocation);
        }

        /** The end of the phase: its cost per notification (CPU taken first, then the allocation count stopped). */
        Cost until(BenchServer node, long notifications) throws IOException {
            CpuSnapshot later = take(node, null);
            double allocated = allocation == null ? Double.NaN : allocation.stop();
            double n = Math.max(1, notifications) / 1e6;
            return new Cost((later.server - server) / n, (later.redis - redis) / n, (later.bench - bench) / n,
                    (later.machine - machine) / n, allocated / Math.max(1, notifications) / 1024);
        }
    }

    /** CPU time the machine has spent busy (all cores; not idle, not waiting for I/O), from {@code /proc/stat}. */
    static double machineCpuSeconds() throws IOException {
        String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal …, in clock ticks of 1/100 s
        long busy = 0;
        for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += Long.parseLong(ticks[field]);
        }
        return busy / 100.0;
    }

    static double benchCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    public static void main(String[] args) throws Exception {
        new Bench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        int countAB = (int) (100_000 * scale);
        int countC = Integer.getInteger("bench.c.count", (int) (2_000_000 * scale));
        simulator = new MerchantSimulator(SIMULATOR_PORT, 4, 4, countC + 200_000);
        log("simulator: 100 merchants on 127.0.0.1:%d-%d; scale %.2f: %,d notifications in A and B, %,d in C, D for %d s",
                SIMULATOR_PORT, SIMULATOR_PORT + 3, scale, countAB, countC, steadySeconds);
        try {
            if (scenarios.contains("ceiling")) {
                ceiling(countAB);
            }
            for (String db : databases) {
                if (scenarios.contains("seed")) {
                    seed(db, countAB);
                }
                BenchServer server = new BenchServer(wlp, SERVER_PORT, serverEnvironment(db));
                if (scenarios.contains("A")) {
                    bulk(server, db, "A", Workload.healthy(simulator), countAB);
                }
                if (scenarios.contains("A2")) {
                    twoNodes(server, db, countAB);
                }
                if (scenarios.contains("B")) {
                    bulk(server, db, "B", Workload.hostile(simulator), countAB);
                }
                if (scenarios.contains("F")) {
                    bulk(server, db, "F", Workload.failover(simulator), countAB);
                }
                if (scenarios.contains("R")) {
                    brokerBulk(server, db, "R", new BrokerSink.Rabbit(), countAB);
                }
                if (scenarios.contains("K")) {
                    brokerBulk(server, db, "K", new BrokerSink.Kafka(), countAB);
                }
                if (scenarios.contains("W")) {
                    sockets(server, db, countAB);
                }
                if (scenarios.contains("D")) {
                    steady(server, db);
                }
                if (scenarios.contains("C")) {
                    backlog(server, db, countC);
                }
            }
        } finally {
            simulator.close();
        }
        String table = table();
        System.out.println();
        System.out.println(table);
        Files.writeString(out.resolve("results.md"), table);
        log("table written to %s", out.resolve("results.md"));
    }

    /**
     * The ceilings ({@link Ceiling}): the simulator under {@code wrk} at 16, 64 and 256 connections for 10 s each, then
     * Jetty's client as the HTTP channel sets it up at 64, 256 and 1024 requests in flight; a row each, the ratios use
     * the best of each.
     */
    private void ceiling(int count) throws Exception {
        Workload healthy = Workload.healthy(simulator);
        if (Ceiling.wrkInstalled()) {
            Ceiling.wrk(healthy, simulator, 64, 3, out.resolve("ceiling"));
            for (int connections : new int[] {16, 64, 256}) {
                Ceiling.Measured measured = Ceiling.wrk(healthy, simulator, connections, 10, out.resolve("ceiling"));
                log("native ceiling, %d connections: %,.0f per second", connections, measured.perSecond());
                rows.add(new Row("-", "A", NATIVE_CEILING, (int) measured.delivered(), Double.NaN,
                        measured.perSecond(), Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, Double.NaN,
                        measured.cost(), "wrk, " + simulator.ports() + " processes × 1 thread, " + connections
                                + " connections, 10 s"));
            }
        } else {
            log("native ceiling not measured: wrk is not installed (Debian: apt-get install wrk)");
        }
        Ceiling.jetty(healthy, warmUp, 256);
        for (int inFlight : new int[] {64, 256, 1024}) {
            simulator.reset();
            Ceiling.Measured measured = Ceiling.jetty(healthy, count, inFlight);
            log("client ceiling, %d in flight: %,d answered success in %.2f s", inFlight, measured.delivered(),
                    measured.seconds());
            rows.add(new Row("-", "A", CLIENT_CEILING, count, Double.NaN, measured.perSecond(), Double.NaN, Double.NaN,
                    Double.NaN, 0, count - measured.delivered(), 0, 0, Double.NaN, measured.cost(),
                    "Jetty client as the HTTP channel's, " + inFlight + " in flight, no queue, no database"
                            + (measured.firstFailure() == null ? "" : "; first failure: " + measured.firstFailure())));
        }
    }

    private void seed(String db, int count) throws Exception {
        RedisServer redisServer = RedisServer.newRedisServer().bind("127.0.0.1").port(SEED_REDIS_PORT)
                .setting("save \"\"").setting("appendonly no").build();
        redisServer.start();
        String jdbcUrl = "h2".equals(db) ? "jdbc:h2:file:" + out.resolve("seed-h2/seed") : freshPostgres();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(SeedDesign.WORKERS + 4); // a connection per worker, as the seed's workers each hold one
        pool.setMaxIdle(SeedDesign.WORKERS + 4);
        try (RedisClient redis = RedisClient.builder().hostAndPort("127.0.0.1", SEED_REDIS_PORT).poolConfig(pool).build()) {
            for (String scenario : List.of("A", "B")) {
                Workload workload = "A".equals(scenario) ? Workload.healthy(simulator) : Workload.hostile(simulator);
                simulator.reset();
                SeedDesign.Measured measured = SeedDesign.run(workload, count, jdbcUrl, pgUser, redis, simulator,
                        Duration.ofSeconds(90));
                log("seed design %s on %s: %,d healthy delivered in %.1f s%s", scenario, db,
                        measured.healthyDelivered(), measured.seconds(), measured.finished() ? "" : " (window ended)");
                rows.add(new Row(db, scenario, "seed design", count, Double.NaN, measured.perSecond(), Double.NaN,
                        Double.NaN, Double.NaN, simulator.duplicates(), measured.finished() ? 0 : -1, 0, 0, Double.NaN, Cost.NONE,
                        "50 blocking workers" + (measured.finished() ? "" : ", stopped after " + (int) measured.seconds()
                                + " s: " + String.format(Locale.ROOT, "%,d", measured.healthyDelivered()) + " delivered")));
            }
        } finally {
            redisServer.stop();
        }
    }

    /**
     * Scenario A2: A's load on two nodes (PostgreSQL only: H2 is one node's): the bench server and a copy of it ten
     * ports up, on one database and the first node's Redis, half of the notifications submitted to each at once. Both
     * nodes' CPU is counted as the server's.
     */
    private void twoNodes(BenchServer first, String db, int count) throws Exception {
        if ("h2".equals(db)) {
            log("A2 runs on PostgreSQL only (an H2 database belongs to one node)");
            return;
        }
        fresh(first, db);
        BenchServer.copy(wlp, BenchServer.NAME, BenchServer.SECOND_NAME);
        Map<String, String> env = new LinkedHashMap<>(serverEnvironment(db));
        env.put("HTTP_PORT", String.valueOf(SERVER_PORT + 10));
        env.put("HTTPS_PORT", String.valueOf(SERVER_PORT + 11));
        env.put("REDIS_URL", "redis://127.0.0.1:" + REDIS_PORT);
        BenchServer second = new BenchServer(wlp, BenchServer.SECOND_NAME, SERVER_PORT + 10, env);
        second.wipeData();
        first.start(Map.of());
        try {
            second.start(Map.of());
            warmUp(first);
            warmUp(second);
            CpuSnapshot cpuFirst = CpuSnapshot.start(first, out, db + "-A2-a");
            CpuSnapshot cpuSecond = CpuSnapshot.start(second, out, db + "-A2-b");
            Traffic before = traffic(db);
            Workload workload = Workload.healthy(simulator);
            String prefix = "A2-" + System.nanoTime() % 100000 + "-";
            java.util.concurrent.CompletableFuture<LoadDriver.Submitted> toSecond =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> submitTo(second, workload, prefix + "b",
                            count - count / 2));
            LoadDriver.Submitted submitted = LoadDriver.Submitted.concat(submitTo(first, workload, prefix + "a",
                    count / 2), toSecond.join());
            log("A2 on %s: %,d accepted at %,.0f/s by two nodes", db, submitted.accepted(), submitted.ingestPerSecond());
            Delivered delivered = await(workload, submitted);
            Cost a = cpuFirst.until(first, submitted.accepted());
            Cost b = cpuSecond.until(second, submitted.accepted());
            Cost cost = new Cost(a.server() + b.server(), a.redis(), a.bench(), a.machine(), a.serverKb() + b.serverKb());
            traffic.put(db + " | A2", before.until(traffic(db), submitted.accepted()));
            double rate = delivered.healthy / ((delivered.lastArrivalNanos - submitted.firstSentNanos) / 1e9);
            healthyRate.put(db + "A2", rate);
            log("A2 on %s: %,d healthy delivered at %,.0f/s by two nodes, %d lost, %d duplicates", db,
                    delivered.healthy, rate, delivered.lost, simulator.duplicates());
            rows.add(new Row(db, "A2", "merchant-notify", count, submitted.ingestPerSecond(), rate, Double.NaN,
                    Double.NaN, Double.NaN, simulator.duplicates(), delivered.lost,
                    Math.max(first.peakHeapBytes(), second.peakHeapBytes()), first.peakRssBytes() + second.peakRssBytes(),
                    Double.NaN, cost, "A's load on two nodes (one PostgreSQL, one Redis), half submitted to each; "
                    + "CPU and RSS of both nodes, peak heap of the larger"));
        } finally {
            second.stop();
            first.stop();
        }
    }

    /** The producer's bulk submission to {@code server}: batches of 1000, two at a time. */
    private LoadDriver.Submitted submitTo(BenchServer server, Workload workload, String prefix, int n) {
        LoadDriver producer = new LoadDriver(server.baseUrl(), PRODUCER, PRODUCER_PASSWORD);
        try {
            return producer.bulk(workload, prefix, n, 1000, 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            producer.close();
        }
    }

    /** Scenarios A and B: bulk submission through the batch API while the server delivers. */
    private void bulk(BenchServer server, String db, String scenario, Workload workload, int count) throws Exception {
        fresh(server, db);
        server.start(Map.of());
        try {
            warmUp(server);
            if (workload.accountPrefix() != null) {
                registerAccounts(server, workload);
            }
            CpuSnapshot cpu = CpuSnapshot.start(server, out, db + "-" + scenario);
            Traffic before = traffic(db);
            LoadDriver.Submitted submitted = submitTo(server, workload, scenario + "-" + System.nanoTime() % 100000 + "-",
                    count);
            log("%s on %s: %,d accepted at %,.0f/s", scenario, db, submitted.accepted(), submitted.ingestPerSecond());
            Delivered delivered = await(workload, submitted);
            Cost cost = cpu.until(server, submitted.accepted());
            traffic.put(db + " | " + scenario, before.until(traffic(db), submitted.accepted()));
            double rate = delivered.healthy / ((delivered.lastArrivalNanos - submitted.firstSentNanos) / 1e9);
            healthyRate.put(db + scenario, rate);
            log("%s on %s: %,d healthy delivered at %,.0f/s, %d lost, %d duplicates", scenario, db, delivered.healthy,
                    rate, delivered.lost, simulator.duplicates());
            rows.add(new Row(db, scenario, "merchant-notify", count, submitted.ingestPerSecond(), rate, Double.NaN,
                    Double.NaN, Double.NaN, simulator.duplicates(), delivered.lost, server.peakHeapBytes(),
                    server.peakRssBytes(), Double.NaN, cost, workload.accountPrefix() != null
                    ? "failover route per merchant account: primary never answers, backup healthy"
                    : workload.name() + " merchants, submitted while delivering"));
        } finally {
            server.stop();
        }
    }

    /**
     * Scenarios R and K: A's load, each merchant account routed to one broker destination (all on one broker), counted
     * by the consumer of the run's queue or topic: published and confirmed, not merely sent.
     */
    private void brokerBulk(BenchServer server, String db, String scenario, BrokerSink broker, int count)
            throws Exception {
        fresh(server, db);
        server.start(Map.of());
        try {
            warmUp(server);
            broker.prepare("bench" + scenario + System.nanoTime() % 100000);
            Workload workload = broker.register(server, simulator, "BENCH-" + scenario);
            CpuSnapshot cpu = CpuSnapshot.start(server, out, db + "-" + scenario);
            Traffic before = traffic(db);
            LoadDriver.Submitted submitted = submitTo(server, workload, scenario + "-" + System.nanoTime() % 100000 + "-",
                    count);
            log("%s on %s: %,d accepted at %,.0f/s", scenario, db, submitted.accepted(), submitted.ingestPerSecond());
            long arrived = awaitCount(() -> broker.arrived(submitted), submitted.accepted());
            Cost cost = cpu.until(server, submitted.accepted());
            traffic.put(db + " | " + scenario, before.until(traffic(db), submitted.accepted()));
            double rate = arrived / ((broker.lastArrivalNanos() - submitted.firstSentNanos) / 1e9);
            healthyRate.put(db + scenario, rate);
            long lost = submitted.accepted() - arrived;
            log("%s on %s: %,d arrived at the %s consumer at %,.0f/s, %d lost, %d more than once", scenario, db,
                    arrived, broker.type(), rate, lost, broker.repeated());
            rows.add(new Row(db, scenario, "merchant-notify", count, submitted.ingestPerSecond(), rate, Double.NaN,
                    Double.NaN, Double.NaN, broker.repeated(), lost, server.peakHeapBytes(), server.peakRssBytes(),
                    Double.NaN, cost, "a " + broker.type() + " destination per merchant account (one broker), "
                    + "confirmed publishes counted by a consumer"));
        } finally {
            server.stop();
            broker.close();
        }
    }

    /**
     * Scenario W: 100 merchant accounts whose route is a {@code websocket} destination, each merchant connected with
     * one socket (the JDK's client in this process) that acknowledges every frame at once. Throughput: {@code count}
     * notifications submitted in bulk, counted as they arrive on the sockets. Latency: then half that rate for
     * {@code bench.d.seconds}, from each notification's submission to its frame's arrival.
     */
    private void sockets(BenchServer server, String db, int count) throws Exception {
        fresh(server, db);
        server.start(Map.of());
        SocketSink sockets = new SocketSink();
        try {
            warmUp(server);
            Workload workload = sockets.register(server, simulator, "BENCH-W");
            sockets.connect(SERVER_PORT);
            CpuSnapshot cpu = CpuSnapshot.start(server, out, db + "-W");
            LoadDriver producer = new LoadDriver(server.baseUrl(), PRODUCER, PRODUCER_PASSWORD);
            LoadDriver.Submitted submitted = producer.bulk(workload, "W-" + System.nanoTime() % 100000 + "-", count,
                    1000, 2);
            log("W on %s: %,d accepted at %,.0f/s", db, submitted.accepted(), submitted.ingestPerSecond());
            long arrived = awaitCount(() -> sockets.arrived(submitted), submitted.accepted());
            Cost cost = cpu.until(server, submitted.accepted());
            double rate = arrived / ((sockets.lastArrivalNanos() - submitted.firstSentNanos) / 1e9);
            healthyRate.put(db + "W", rate);
            long lost = submitted.accepted() - arrived;
            log("W on %s: %,d acknowledged on 100 sockets at %,.0f/s, %d lost, %d more than once", db, arrived, rate,
                    lost, sockets.repeated());

            double steadyRate = Math.max(100, rate / 2);
            LoadDriver.Submitted paced = producer.steady(workload, "WD-" + System.nanoTime() % 100000 + "-",
                    steadyRate, steadySeconds);
            producer.close();
            long pacedArrived = awaitCount(() -> sockets.arrived(paced), paced.accepted());
            double[] latencies = new double[(int) pacedArrived];
            int n = 0;
            for (int i = 0; i < paced.ids.length && n < latencies.length; i++) {
                Long first = paced.ids[i] < 0 ? null : sockets.firstArrival.get(paced.ids[i]);
                if (first != null) {
                    latencies[n++] = (first - paced.sentNanos[i]) / 1e6;
                }
            }
            Arrays.sort(latencies);
            log("W on %s: at %,.0f/s for %d s, submission to frame p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", db,
                    steadyRate, steadySeconds, percentile(latencies, 50), percentile(latencies, 95),
                    percentile(latencies, 99));
            rows.add(new Row(db, "W", "merchant-notify", count, submitted.ingestPerSecond(), rate,
                    percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                    sockets.repeated(), lost + paced.accepted() - pacedArrived, server.peakHeapBytes(),
                    server.peakRssBytes(), Double.NaN, cost, String.format(Locale.ROOT, "a websocket destination per "
                            + "merchant account, 100 sockets acknowledging at once; latency at %,.0f/s for %d s, "
                            + "submission to frame", steadyRate, steadySeconds)));
        } finally {
            sockets.close();
            server.stop();
        }
    }

    /**
     * Scenario F's accounts: for each merchant an account with destinations {@code primary} (never answers) and
     * {@code backup} (the healthy path the workload counts), and a failover route primary, then backup.
     */
    private void registerAccounts(BenchServer server, Workload workload) throws IOException, InterruptedException {
        for (int m = 0; m < Workload.MERCHANTS; m++) {
            String no = workload.accountPrefix() + m;
            String base = "accounts/" + no;
            server.admin("POST", "accounts", "{\"merchant_no\":\"" + no + "\",\"name\":\"Bench " + m + "\"}");
            server.admin("POST", base + "/destinations", "{\"name\":\"primary\",\"type\":\"http\",\"settings\":"
                    + "{\"url\":\"" + workload.primaryUrl(m) + "\"}}");
            server.admin("POST", base + "/destinations", "{\"name\":\"backup\",\"type\":\"http\",\"settings\":"
                    + "{\"url\":\"" + workload.url(m) + "\"}}");
            server.admin("POST", base + "/routes", "{\"event_pattern\":\"*\",\"strategy\":\"failover\",\"tiers\":"
                    + "[[{\"destination\":\"primary\"}],[{\"destination\":\"backup\"}]]}");
        }
        log("F: %d merchant accounts with a failover route registered", Workload.MERCHANTS);
    }

    /** Scenario D: the hostile mix at a steady rate, half of A's throughput; latency from submission to arrival. */
    private void steady(BenchServer server, String db) throws Exception {
        String fixed = System.getProperty("bench.d.rate", "");
        double rate = fixed.isBlank() ? Math.max(100, healthyRate.getOrDefault(db + "A", 2000.0) / 2)
                : Double.parseDouble(fixed);
        fresh(server, db);
        server.start(Map.of());
        try {
            warmUp(server);
            Workload workload = Workload.hostile(simulator);
            CpuSnapshot cpu = CpuSnapshot.start(server, out, db + "-D");
            LoadDriver producer = new LoadDriver(server.baseUrl(), PRODUCER, PRODUCER_PASSWORD);
            LoadDriver.Submitted submitted = producer.steady(workload, "D-" + System.nanoTime() % 100000 + "-", rate,
                    steadySeconds);
            producer.close();
            Delivered delivered = await(workload, submitted);
            Cost cost = cpu.until(server, submitted.accepted());
            double[] latencies = delivered.latenciesMillis;
            Arrays.sort(latencies);
            log("D on %s: %,.0f/s for %d s; healthy latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", db,
                    rate, steadySeconds, percentile(latencies, 50), percentile(latencies, 95),
                    percentile(latencies, 99), latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1]);
            rows.add(new Row(db, "D", "merchant-notify", submitted.ids.length, submitted.ingestPerSecond(),
                    delivered.healthy / ((delivered.lastArrivalNanos - submitted.firstSentNanos) / 1e9),
                    percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99),
                    simulator.duplicates(), delivered.lost, server.peakHeapBytes(), server.peakRssBytes(), Double.NaN, cost,
                    String.format(Locale.ROOT, "hostile mix at %,.0f/s for %d s", rate, steadySeconds)));
        } finally {
            server.stop();
        }
    }

    /** Scenario C: queue everything with dispatch off, restart with dispatch on, drain. */
    private void backlog(BenchServer server, String db, int count) throws Exception {
        fresh(server, db);
        server.start(Map.of("NOTIFY_DISPATCH_ENABLED", "false"));
        LoadDriver.Submitted submitted;
        double redisPerQueued;
        long ingestHeap;
        long ingestRss;
        Workload workload = Workload.healthy(simulator);
        try (RedisClient redis = RedisClient.builder().hostAndPort("127.0.0.1", REDIS_PORT).build()) {
            long before = usedMemory(redis);
            simulator.reset();
            submitted = submitTo(server, workload, "C-" + System.nanoTime() % 100000 + "-", count);
            long queued = redis.llen("merchant_notify_pending_queue");
            redisPerQueued = (usedMemory(redis) - before) / (double) Math.max(1, queued);
            log("C on %s: %,d accepted at %,.0f/s, %,d queued in Redis, %.1f bytes each", db, submitted.accepted(),
                    submitted.ingestPerSecond(), queued, redisPerQueued);
        } finally {
            ingestHeap = server.peakHeapBytes();
            ingestRss = server.peakRssBytes();
            server.stop();
        }
        server.start(Map.of());
        try (ScaleUpTrace trace = ScaleUpTrace.start(simulator::deliveredCount, server::heapBytes)) {
            long start = System.nanoTime();
            CpuSnapshot cpu = CpuSnapshot.start(server, out, db + "-C");
            Delivered delivered = await(workload, submitted);
            Cost cost = cpu.until(server, delivered.healthy);
            double seconds = (delivered.lastArrivalNanos - Math.max(start, delivered.firstArrivalNanos)) / 1e9;
            log("C on %s: %,d drained at %,.0f/s", db, delivered.healthy, delivered.healthy / seconds);
            trace.close();
            ScaleUpTrace.Halves halves = trace.halves(delivered.healthy);
            if (halves != null) {
                courses.put(db, halves);
            }
            String course = halves == null ? "" : "; " + halves.describe();
            log("C on %s%s", db, course);
            trace.writeCsv(out.resolve("c-" + db + ".csv"));
            try {
                trace.writePng(out.resolve("c-" + db + ".png"), String.format(Locale.ROOT,
                        "Scenario C on %s: %,d notifications queued, then drained (%s, %s)", db, count,
                        ZonedDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE), commit()), halves);
            } catch (IOException | java.awt.AWTError e) {
                log("C on %s: no plot (%s); the samples are in %s", db, e, out.resolve("c-" + db + ".csv"));
            }
            rows.add(new Row(db, "C", "merchant-notify", count, submitted.ingestPerSecond(), delivered.healthy / seconds,
                    Double.NaN, Double.NaN, Double.NaN, simulator.duplicates(), delivered.lost,
                    Math.max(ingestHeap, server.peakHeapBytes()), Math.max(ingestRss, server.peakRssBytes()),
                    redisPerQueued, cost, "queued with dispatch off, then drained after a restart" + course));
        } finally {
            server.stop();
        }
    }

    /**
     * Delivers {@code bench.warmup} notifications to healthy merchants before measuring, so the figures are the
     * server's steady state rather than its JIT compiler's first minute; then forgets them.
     */
    private void warmUp(BenchServer server) throws InterruptedException {
        if (warmUp <= 0) {
            return;
        }
        simulator.reset();
        Workload workload = Workload.healthy(simulator);
        LoadDriver.Submitted submitted = submitTo(server, workload, "W-" + System.nanoTime() % 100000 + "-", warmUp);
        Delivered delivered = await(workload, submitted);
        log("warm-up: %,d delivered", delivered.healthy);
        simulator.reset();
    }

    /** What reached the healthy merchants. */
    record Delivered(long healthy, long lost, long firstArrivalNanos, long lastArrivalNanos, double[] latenciesMillis) {
    }

    /** Waits until every accepted notification for a healthy merchant arrived, or nothing moved for 60 s. */
    /** Counts every 100 ms until the count reaches {@code expected} or stays the same for 60 s; the last count. */
    private static long awaitCount(LongSupplier count, long expected) throws InterruptedException {
        long counted = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long now = count.getAsLong();
            if (now != counted) {
                counted = now;
                lastProgress = System.nanoTime();
            }
            if (counted >= expected || System.nanoTime() - lastProgress > 60_000_000_000L) {
                return counted;
            }
            Thread.sleep(100);
        }
    }

    private Delivered await(Workload workload, LoadDriver.Submitted submitted) throws InterruptedException {
        long expected = 0;
        for (int i = 0; i < submitted.ids.length; i++) {
            if (submitted.ids[i] >= 0 && workload.healthy(i)) {
                expected++;
            }
        }
        long delivered = awaitCount(() -> {
            long now = 0;
            for (int i = 0; i < submitted.ids.length; i++) {
                if (submitted.ids[i] >= 0 && workload.healthy(i) && simulator.delivered(submitted.ids[i])) {
                    now++;
                }
            }
            return now;
        }, expected);
        long first = Long.MAX_VALUE;
        long last = 0;
        double[] latencies = new double[(int) delivered];
        int n = 0;
        for (int i = 0; i < submitted.ids.length; i++) {
            long id = submitted.ids[i];
            if (id >= 0 && workload.healthy(i) && simulator.delivered(id)) {
                long arrived = simulator.firstArrivalNanos(id);
                first = Math.min(first, arrived);
                last = Math.max(last, arrived);
                if (n < latencies.length) {
                    latencies[n++] = (arrived - submitted.sentNanos[i]) / 1e6;
                }
            }
        }
        return new Delivered(delivered, expected - delivered, first, last, Arrays.copyOf(latencies, n));
    }

    private Map<String, String> serverEnvironment(String db) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HTTP_PORT", String.valueOf(SERVER_PORT));
        env.put("HTTPS_PORT", String.valueOf(SERVER_PORT + 1));
        // e.g. -Dbench.server.jvm-args="-XX:StartFlightRecording=filename=target/bench/a.jfr" to profile the server
        env.put("JVM_ARGS", System.getProperty("bench.server.jvm-args", ""));
        // e.g. -Dbench.server.env=NOTIFY_MERCHANT_LANE_CAP=8,NOTIFY_DISPATCH_HTTP_THREADS=2 to try settings
        for (String setting : System.getProperty("bench.server.env", "").split(",")) {
            if (setting.contains("=")) {
                env.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        env.put("DB_TYPE", "h2".equals(db) ? "h2" : "postgres");
        if (!"h2".equals(db)) {
            env.put("PG_HOST", "127.0.0.1");
            env.put("PG_PORT", "5432");
            env.put("PG_DB", pgDatabase);
            env.put("PG_USER", pgUser);
            env.put("PG_PASSWORD", "");
        }
        return env;
    }

    /** The shared parts' counters now (PostgreSQL's after a pause: backends report their figures up to 1 s late). */
    private Traffic traffic(String db) throws IOException, InterruptedException {
        boolean postgres = "postgres".equals(db);
        if (postgres) {
            Thread.sleep(1_500);
        }
        return Traffic.take(REDIS_PORT, postgres ? databaseUrl(pgAdminUrl, pgDatabase) : null, pgUser, pgDatabase);
    }

    private void fresh(BenchServer server, String db) throws IOException, SQLException {
        server.wipeData();
        if (!"h2".equals(db)) {
            freshPostgres();
        }
    }

    /** Drops and re-creates the benchmark's PostgreSQL database; returns its JDBC URL. */
    private String freshPostgres() throws SQLException {
        return freshPostgres(pgAdminUrl, pgUser, pgDatabase);
    }

    /**
     * Drops and re-creates PostgreSQL database {@code database} through {@code adminUrl} (user {@code user}, no
     * password); returns its JDBC URL.
     */
    static String freshPostgres(String adminUrl, String user, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl, user, "");
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("CREATE DATABASE " + database);
        }
        return databaseUrl(adminUrl, database);
    }

    /** The JDBC URL of {@code database} on the server of {@code adminUrl}. */
    static String databaseUrl(String adminUrl, String database) {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }

    static String commit() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String described = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? described : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static long usedMemory(RedisClient redis) {
        return (long) infoNumber(redis.info("memory"), "used_memory");
    }

    static double infoNumber(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Double.parseDouble(line.substring(field.length() + 1).trim());
            }
        }
        throw new IllegalStateException("Redis INFO has no " + field);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private String table() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(", commit ").append(commit()).append("\n\n")
                .append("| db | scenario | system | notifications | ingest/s | healthy deliveries/s | p50 ms | p95 ms | "
                        + "p99 ms | duplicates | losses | peak heap MB | peak RSS MB | Redis B/queued | CPU µs/notification: "
                        + "server / Redis / simulator and producer / whole machine | server KB allocated/notification | notes |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row row : rows) {
            md.append("| ").append(row.db()).append(" | ").append(row.scenario()).append(" | ").append(row.system())
                    .append(" | ").append(String.format(Locale.ROOT, "%,d", row.notifications()))
                    .append(" | ").append(number(row.ingestPerSecond())).append(" | ").append(number(row.healthyPerSecond()))
                    .append(" | ").append(number(row.p50())).append(" | ").append(number(row.p95()))
                    .append(" | ").append(number(row.p99())).append(" | ").append(row.duplicates())
                    .append(" | ").append(row.losses() < 0 ? "n/a" : String.valueOf(row.losses()))
                    .append(" | ").append(megabytes(row.peakHeapBytes())).append(" | ").append(megabytes(row.peakRssBytes()))
                    .append(" | ").append(number(row.redisBytesPerQueued())).append(" | ").append(cost(row.cost()))
                    .append(" | ").append(Double.isNaN(row.cost().serverKb()) ? ""
                            : String.format(Locale.ROOT, "%.1f", row.cost().serverKb()))
                    .append(" | ").append(row.note()).append(" |\n");
        }
        if (!traffic.isEmpty()) {
            md.append("\nPer notification, what the shared parts did (the capacity model's inputs; loopback counts "
                    + "every byte on the machine: producer, merchants, Redis, PostgreSQL):\n\n"
                    + "| db | scenario | Redis commands | Redis KB in+out | PostgreSQL commits | rows written | WAL KB "
                    + "| loopback KB |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
            traffic.forEach((key, per) -> md.append("| ").append(key).append(" | ").append(per.cells()).append(" |\n"));
        }
        md.append("\nCeilings: ");
        Double nativeCeiling = best(NATIVE_CEILING);
        Double clientCeiling = best(CLIENT_CEILING);
        md.append(nativeCeiling == null ? "native not measured (wrk is not installed)"
                        : String.format(Locale.ROOT, "native (wrk) %,.0f/s", nativeCeiling))
                .append(clientCeiling == null ? "" : String.format(Locale.ROOT, ", client (Jetty) %,.0f/s", clientCeiling));
        if (nativeCeiling != null && clientCeiling != null) {
            md.append(String.format(Locale.ROOT, ", client / native = %.2f", clientCeiling / nativeCeiling));
        }
        md.append(" (best of each row).\n\nTargets (the machine is shared and noisy: compare ratios within a run):\n\n");
        for (String db : databases) {
            boolean h2 = "h2".equals(db);
            Double a = rate(db, "A", "merchant-notify");
            Double b = rate(db, "B", "merchant-notify");
            target(md, db + ": A", a, h2 ? 10_000 : 7_000, "/s", true);
            target(md, db + ": A / native ceiling", ratio(a, nativeCeiling), 0.5, "", true);
            target(md, db + ": A / client ceiling", ratio(a, clientCeiling), Double.NaN, "", true);
            target(md, db + ": A / seed design A", ratio(a, rate(db, "A", "seed design")), 1.5, "", true);
            target(md, db + ": B healthy / seed design B", ratio(b, rate(db, "B", "seed design")), 50, "", true);
            target(md, db + ": B healthy / A", ratio(b, a), 0.9, "", true);
            target(md, db + ": D p99", row(db, "D", "merchant-notify").map(Row::p99).orElse(null), h2 ? 100 : 150,
                    " ms", false);
            target(md, db + ": whole-machine CPU in A",
                    row(db, "A", "merchant-notify").map(r -> r.cost().machine()).orElse(null), 200, " µs/notification",
                    false);
            target(md, db + ": server allocation in A",
                    row(db, "A", "merchant-notify").map(r -> r.cost().serverKb()).orElse(null), ALLOCATION_TARGET_KB,
                    " KB/notification", false);
            ScaleUpTrace.Halves course = courses.get(db);
            if (course != null) {
                target(md, db + ": C deliveries/s, second half / first half",
                        course.secondPerSecond() / course.firstPerSecond(), 0.9, "", true);
                target(md, db + ": C heap floor, second half / first half", course.secondFloorMb() / course.firstFloorMb(),
                        1.1, "", false);
            }
            for (String channel : List.of("F", "R", "K", "W")) {
                target(md, db + ": " + channel + " / A", ratio(rate(db, channel, "merchant-notify"), a), Double.NaN, "",
                        true);
            }
        }
        return md.toString();
    }

    private Double rate(String db, String scenario, String system) {
        return row(db, scenario, system).map(Row::healthyPerSecond).orElse(null);
    }

    private java.util.Optional<Row> row(String db, String scenario, String system) {
        return rows.stream().filter(r -> r.db().equals(db) && r.scenario().equals(scenario) && r.system().equals(system))
                .findFirst();
    }

    /** The best rate among the rows of a ceiling. */
    private Double best(String system) {
        return rows.stream().filter(r -> r.system().equals(system)).map(Row::healthyPerSecond)
                .max(Double::compare).orElse(null);
    }

    private static Double ratio(Double top, Double bottom) {
        return top == null || bottom == null || bottom <= 0 ? null : top / bottom;
    }

    /** A line of the targets: the value, the target (none for NaN) and whether it is reached. */
    private static void target(StringBuilder md, String label, Double value, double target, String unit,
                               boolean atLeast) {
        if (value == null || value.isNaN()) {
            return;
        }
        String format = Math.abs(value) >= 100 ? "%,.0f" : "%.2f";
        md.append("- ").append(label).append(" = ").append(String.format(Locale.ROOT, format, value)).append(unit);
        if (!Double.isNaN(target)) {
            boolean reached = atLeast ? value >= target : value <= target;
            md.append(String.format(Locale.ROOT, " (target %s " + (Math.abs(target) >= 100 ? "%,.0f" : "%.1f") + "%s: %s)",
                    atLeast ? "≥" : "≤", target, unit, reached ? "reached" : "**short**"));
        }
        md.append('\n');
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String cost(Cost cost) {
        if (Double.isNaN(cost.bench())) {
            return "";
        }
        if (Double.isNaN(cost.server())) {
            return String.format(Locale.ROOT, "– / – / %.0f / %.0f", cost.bench(), cost.machine());
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f", cost.server(), cost.redis(), cost.bench(),
                cost.machine());
    }

    private static String megabytes(long bytes) {
        return bytes <= 0 ? "" : String.valueOf(bytes / (1024 * 1024));
    }

    private static Set<String> set(String list) {
        return new TreeSet<>(Arrays.asList(list.split(",")));
    }

    static void log(String format, Object... args) {
        System.out.println(LocalTime.now().withNano(0) + " " + String.format(Locale.ROOT, format, args));
    }
}
