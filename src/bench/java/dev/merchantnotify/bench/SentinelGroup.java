package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis Sentinel deployment on loopback, made of the machine's own {@code redis-server} and
 * {@code redis-sentinel} (Debian's packages; {@code .ci/run} installs them where they are missing): a master with
 * its AOF, one replica, and three Sentinels that monitor the master under {@link #MASTER_NAME} with a quorum of two.
 * Each is a process of its own, so a master can be killed as a machine failure would (SIGKILL) and the Sentinels left
 * to promote the replica.
 */
final class SentinelGroup implements AutoCloseable {

    static final String MASTER_NAME = "notify-faults";
    static final int FIRST_REDIS_PORT = 16591;
    static final int FIRST_SENTINEL_PORT = 26591;
    private static final int SENTINELS = 3;

    private final Path dir;
    private final Map<Integer, Process> redis = new TreeMap<>();
    private final List<Process> sentinels = new ArrayList<>();

    private SentinelGroup(Path dir) {
        this.dir = dir;
    }

    /** Starts the master, its replica (synchronised) and the Sentinels (each aware of the others and of the replica). */
    static SentinelGroup start(Path dir) throws IOException, InterruptedException {
        BenchServer.deleteTree(dir);
        Files.createDirectories(dir);
        SentinelGroup group = new SentinelGroup(dir);
        try {
            int master = FIRST_REDIS_PORT;
            int replica = FIRST_REDIS_PORT + 1;
            group.startRedis(master, "");
            group.startRedis(replica, "replicaof 127.0.0.1 " + master + "\n");
            await(() -> info(replica, "replication").contains("master_link_status:up"), "the replica in sync",
                    Duration.ofSeconds(30));
            for (int i = 0; i < SENTINELS; i++) {
                group.startSentinel(FIRST_SENTINEL_PORT + i, master);
            }
            await(() -> {
                try (Jedis sentinel = new Jedis("127.0.0.1", FIRST_SENTINEL_PORT)) {
                    Map<String, String> state = sentinel.sentinelMaster(MASTER_NAME);
                    return "1".equals(state.get("num-slaves"))
                            && String.valueOf(SENTINELS - 1).equals(state.get("num-other-sentinels"));
                } catch (JedisException e) {
                    return false;
                }
            }, "the Sentinels aware of the replica and of each other", Duration.ofSeconds(60));
            return group;
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** The Sentinels, as {@code REDIS_SENTINELS} takes them. */
    String sentinels() {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < SENTINELS; i++) {
            nodes.add("127.0.0.1:" + (FIRST_SENTINEL_PORT + i));
        }
        return String.join(",", nodes);
    }

    /** The master the Sentinels name now. */
    HostAndPort master() {
        for (int i = 0; i < SENTINELS; i++) {
            try (Jedis sentinel = new Jedis("127.0.0.1", FIRST_SENTINEL_PORT + i)) {
                List<String> address = sentinel.sentinelGetMasterAddrByName(MASTER_NAME);
                return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
            } catch (JedisException e) {
                // ask the next one
            }
        }
        throw new IllegalStateException("no Sentinel answers");
    }

    /** Kills the current master's process with SIGKILL; returns its port. */
    int killMaster() throws Exception {
        int port = master().getPort();
        Process process = redis.get(port);
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        return port;
    }

    /** Waits until the Sentinels name a master other than {@code oldPort} that answers as a master; returns it. */
    HostAndPort awaitFailover(int oldPort, Duration limit) throws InterruptedException {
        await(() -> {
            try {
                HostAndPort now = master();
                return now.getPort() != oldPort && info(now.getPort(), "replication").contains("role:master");
            } catch (RuntimeException e) {
                return false;
            }
        }, "a replica promoted", limit);
        return master();
    }

    /** {@code INFO section} of the Redis on {@code port}. */
    static String info(int port, String section) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info(section);
        } catch (JedisException e) {
            return "";
        }
    }

    private void startRedis(int port, String extra) throws IOException {
        Path data = dir.resolve("redis-" + port);
        Files.createDirectories(data);
        Path conf = data.resolve("redis.conf");
        Files.writeString(conf, "bind 127.0.0.1\nport " + port + "\ndir \"" + data.toAbsolutePath() + "\"\n"
                + "appendonly yes\nappendfsync everysec\nsave \"\"\n" + extra);
        redis.put(port, launch(List.of("redis-server", conf.toAbsolutePath().toString()), data.resolve("redis.log")));
    }

    private void startSentinel(int port, int master) throws IOException {
        Path data = dir.resolve("sentinel-" + port);
        Files.createDirectories(data);
        Path conf = data.resolve("sentinel.conf");
        Files.writeString(conf, "bind 127.0.0.1\nport " + port + "\ndir \"" + data.toAbsolutePath() + "\"\n"
                + "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2\n"
                + "sentinel down-after-milliseconds " + MASTER_NAME + " 2000\n"
                + "sentinel failover-timeout " + MASTER_NAME + " 15000\n"
                + "sentinel parallel-syncs " + MASTER_NAME + " 1\n");
        sentinels.add(launch(List.of(sentinelCommand(), conf.toAbsolutePath().toString()), data.resolve("sentinel.log")));
    }

    /** Debian's {@code redis-sentinel} where it is installed, else the same binary in Sentinel mode. */
    private static String sentinelCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-sentinel"))) {
                return Path.of(dir, "redis-sentinel").toString();
            }
        }
        throw new IllegalStateException("redis-sentinel is not installed (Debian: apt-get install redis-sentinel)");
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        for (Process process : sentinels) {
            process.destroyForcibly();
        }
        for (Process process : redis.values()) {
            process.destroyForcibly();
        }
        for (Process process : sentinels) {
            process.onExit().join();
        }
        for (Process process : redis.values()) {
            process.onExit().join();
        }
    }
}
