package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis Sentinel deployment on loopback, made of the machine's own {@code redis-server} and
 * {@code redis-sentinel} (Debian's packages; {@code .ci/run} installs them where they are missing): a master with
 * its AOF, one replica, and three Sentinels that monitor the master under {@link #MASTER_NAME} with a quorum of two.
 */
final class SentinelGroup extends RedisProcesses {

    static final String MASTER_NAME = "notify-faults";
    static final int FIRST_REDIS_PORT = 16591;
    static final int FIRST_SENTINEL_PORT = 26591;
    private static final int SENTINELS = 3;

    private final List<Process> sentinels = new ArrayList<>();

    private SentinelGroup(Path dir) throws IOException {
        super(dir);
    }

    /** Starts the master, its replica (synchronised) and the Sentinels (each aware of the others and of the replica). */
    static SentinelGroup start(Path dir) throws IOException, InterruptedException {
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

    /** The node knows only the Sentinels and the master's name. */
    @Override
    Map<String, String> environment() {
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < SENTINELS; i++) {
            nodes.add("127.0.0.1:" + (FIRST_SENTINEL_PORT + i));
        }
        return Map.of("REDIS_SENTINELS", String.join(",", nodes), "REDIS_MASTER_NAME", MASTER_NAME);
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

    /** Kills the master the Sentinels name now. */
    @Override
    int killMaster() throws Exception {
        int port = master().getPort();
        kill(port);
        return port;
    }

    /** Waits until the Sentinels name a master other than {@code oldPort} that answers as a master. */
    @Override
    int awaitFailover(int oldPort, Duration limit) throws InterruptedException {
        await(() -> {
            try {
                HostAndPort now = master();
                return now.getPort() != oldPort && info(now.getPort(), "replication").contains("role:master");
            } catch (RuntimeException e) {
                return false;
            }
        }, "a replica promoted", limit);
        return master().getPort();
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

    /** Debian's {@code redis-sentinel} where it is installed. */
    private static String sentinelCommand() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "redis-sentinel"))) {
                return Path.of(dir, "redis-sentinel").toString();
            }
        }
        throw new IllegalStateException("redis-sentinel is not installed (Debian: apt-get install redis-sentinel)");
    }

    @Override
    public void close() {
        for (Process process : sentinels) {
            process.destroyForcibly();
        }
        for (Process process : sentinels) {
            process.onExit().join();
        }
        super.close();
    }
}
