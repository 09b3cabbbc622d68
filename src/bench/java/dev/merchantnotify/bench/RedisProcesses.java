package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis deployments the fault suite builds from the machine's own {@code redis-server} (Debian's package; {@code .ci/run}
 * installs it where it is missing), one process per server on loopback, so that a master can be killed as a machine
 * failure would (SIGKILL) and the deployment left to promote a replica.
 */
abstract class RedisProcesses implements AutoCloseable {

    protected final Path dir;
    private final Map<Integer, Process> redis = new TreeMap<>();

    protected RedisProcesses(Path dir) throws IOException {
        this.dir = dir;
        BenchServer.deleteTree(dir);
        Files.createDirectories(dir);
    }

    /** The settings that point the node at this deployment. */
    abstract Map<String, String> environment();

    /** Kills a master with SIGKILL; returns its port. */
    abstract int killMaster() throws Exception;

    /** Waits until a replica has taken over from the master on {@code oldPort}; returns the new master's port. */
    abstract int awaitFailover(int oldPort, Duration limit) throws InterruptedException;

    /** Starts {@code redis-server} on {@code port} with its AOF and the lines of {@code extra}. */
    protected void startRedis(int port, String extra) throws IOException {
        Path data = dir.resolve("redis-" + port);
        Files.createDirectories(data);
        Path conf = data.resolve("redis.conf");
        Files.writeString(conf, "bind 127.0.0.1\nport " + port + "\ndir \"" + data.toAbsolutePath() + "\"\n"
                + "appendonly yes\nappendfsync everysec\nsave \"\"\n" + extra);
        redis.put(port, launch(List.of("redis-server", conf.toAbsolutePath().toString()), data.resolve("redis.log")));
    }

    /** Kills the {@code redis-server} on {@code port} with SIGKILL. */
    protected void kill(int port) throws Exception {
        Process process = redis.get(port);
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** {@code INFO section} of the Redis on {@code port}, empty when it does not answer. */
    static String info(int port, String section) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return jedis.info(section);
        } catch (JedisException e) {
            return "";
        }
    }

    protected static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    protected static void await(BooleanSupplier condition, String what, Duration limit) throws InterruptedException {
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
        for (Process process : redis.values()) {
            process.destroyForcibly();
        }
        for (Process process : redis.values()) {
            process.onExit().join();
        }
    }
}
