package dev.merchantnotify.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * The node's one pooled Redis client, to the embedded Redis ({@code notify.platform.redis-url=embedded}, the default)
 * or to an external one ({@code REDIS_URL=redis://[:password@]host:port[/db]}).
 */
@ApplicationScoped
public class RedisConnection {

    static final String EMBEDDED = "embedded";
    private static final Logger LOG = Logger.getLogger(RedisConnection.class.getName());

    @Inject
    @ConfigProperty(name = "notify.platform.redis-url")
    String redisUrl;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-embedded-port")
    int embeddedPort;

    @Inject
    @ConfigProperty(name = "notify.platform.data-dir")
    String dataDir;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-pool-size")
    int poolSize;

    private EmbeddedRedis embedded;
    private RedisClient client;
    private String description;

    @PostConstruct
    void open() {
        URI uri;
        if (EMBEDDED.equalsIgnoreCase(redisUrl.trim())) {
            embedded = EmbeddedRedis.start(Path.of(dataDir, "redis"), embeddedPort);
            uri = URI.create("redis://127.0.0.1:" + embedded.port());
            description = "embedded redis-server on 127.0.0.1:" + embedded.port() + (embedded.adopted() ? " (adopted)" : "")
                    + ", AOF data in " + embedded.dataDir().toAbsolutePath();
        } else {
            uri = parse(redisUrl.trim());
            description = "external Redis at " + withoutPassword(uri);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setTestWhileIdle(true);
        client = RedisClient.builder().fromURI(uri).poolConfig(pool).build();
    }

    /** The shared client; it is thread-safe and pooled, so every bean injects this one. */
    @Produces
    public RedisClient client() {
        return client;
    }

    /** Where the node's Redis is, for the start-up report; never contains a password. */
    public String description() {
        return description;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
        if (embedded != null) {
            embedded.stop();
            LOG.info("Embedded Redis stopped");
        }
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("REDIS_URL (notify.platform.redis-url) is not a URL: " + e.getMessage());
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException("REDIS_URL (notify.platform.redis-url) must look like "
                    + "redis://[:password@]host:port[/db] or be 'embedded', not " + withoutPassword(uri));
        }
        return uri;
    }

    private static String withoutPassword(URI uri) {
        String text = uri.toString();
        return uri.getRawUserInfo() == null ? text : text.replace(uri.getRawUserInfo() + "@", "***@");
    }
}
