package dev.merchantnotify.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import redis.embedded.RedisServer;

/**
 * The real {@code redis-server} binary shipped in the embedded-redis jar, run as a child process with its data (AOF on)
 * in a directory of ours, so the queue survives a restart.
 *
 * <p>A server killed with {@code kill -9} leaves its Redis running. On the next start that Redis is recognised by the pid
 * file in our data directory and adopted rather than fought over; a port held by any other program is an error that
 * says which setting to change.
 */
final class EmbeddedRedis {

    private static final Logger LOG = Logger.getLogger(EmbeddedRedis.class.getName());

    private final int port;
    private final Path dataDir;
    private final RedisServer started;
    private final ProcessHandle adopted;

    private EmbeddedRedis(int port, Path dataDir, RedisServer started, ProcessHandle adopted) {
        this.port = port;
        this.dataDir = dataDir;
        this.started = started;
        this.adopted = adopted;
    }

    static EmbeddedRedis start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the embedded Redis data directory " + dataDir + ": " + e, e);
        }
        Path pidFile = dataDir.resolve("redis.pid");
        if (portAnswers(port)) {
            Optional<ProcessHandle> leftOver = leftOverRedis(pidFile);
            if (leftOver.isPresent()) {
                LOG.warning(() -> "Adopting the embedded Redis (pid " + leftOver.get().pid() + ") left running on 127.0.0.1:"
                        + port + " by an earlier run; its data directory is " + dataDir);
                return new EmbeddedRedis(port, dataDir, null, leftOver.get());
            }
            throw new IllegalStateException("Port " + port + " (notify.platform.redis-embedded-port) is taken by another "
                    + "program, so the embedded Redis cannot start: choose another port, or set REDIS_URL to use an "
                    + "external Redis.");
        }
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("dir \"" + dataDir.toAbsolutePath() + "\"")
                    .setting("pidfile \"" + pidFile.toAbsolutePath() + "\"")
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .build();
            server.start();
            return new EmbeddedRedis(port, dataDir, server, null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The embedded Redis failed to start on 127.0.0.1:" + port + " with data in "
                    + dataDir + ": " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    boolean adopted() {
        return adopted != null;
    }

    /** Stops Redis gracefully (SIGTERM: the AOF is flushed). */
    void stop() {
        try {
            if (started != null) {
                started.stop();
            } else if (adopted != null) {
                adopted.destroy();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "The embedded Redis on port " + port + " did not stop cleanly: " + e);
        }
    }

    private static boolean portAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<ProcessHandle> leftOverRedis(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
