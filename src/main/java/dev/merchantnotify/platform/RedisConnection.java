package dev.merchantnotify.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The node's one pooled Redis client, to the embedded Redis ({@code notify.platform.redis-url=embedded}, the default),
 * to an external one ({@code REDIS_URL=redis://[:password@]host:port[/db]}), or to the master a set of Redis Sentinels
 * names ({@code REDIS_SENTINELS=host:port,…}, {@code REDIS_MASTER_NAME}): the client asks the Sentinels for the master
 * and follows every failover they announce; commands sent while the old master is gone fail as in any Redis outage
 * and are retried by their callers. With {@code REDIS_CLUSTER=host:port,…} (some of a Redis Cluster's nodes) the client
 * learns the cluster's slots from them, sends each command to the master of its key's slot, and follows redirections
 * and failovers; every script and pipeline of the application touches keys of one slot per call (see
 * {@code dev.merchantnotify.queue}).
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

    @Inject
    @ConfigProperty(name = "notify.platform.redis-sentinels")
    Optional<String> sentinels;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-cluster")
    Optional<String> clusterNodes;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-master-name")
    String masterName;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "notify.platform.redis-sentinel-password")
    Optional<String> sentinelPassword;

    private EmbeddedRedis embedded;
    private UnifiedJedis client;
    private String description;
    private boolean cluster;

    @PostConstruct
    void open() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        pool.setTestWhileIdle(true);
        boolean external = !EMBEDDED.equalsIgnoreCase(redisUrl.trim());
        boolean watched = sentinels.filter(list -> !list.isBlank()).isPresent();
        if (clusterNodes.filter(list -> !list.isBlank()).isPresent()) {
            if (external || watched) {
                throw new IllegalStateException("REDIS_CLUSTER is set with " + (external ? "REDIS_URL" : "REDIS_SENTINELS")
                        + ": set REDIS_CLUSTER alone for a Redis Cluster, REDIS_URL for one Redis, or REDIS_SENTINELS "
                        + "for a master the Sentinels watch");
            }
            Set<HostAndPort> seeds = hostsAndPorts(clusterNodes.get(), "REDIS_CLUSTER (notify.platform.redis-cluster)");
            DefaultJedisClientConfig.Builder node = DefaultJedisClientConfig.builder();
            user.filter(u -> !u.isBlank()).ifPresent(node::user);
            password.filter(p -> !p.isEmpty()).ifPresent(node::password);
            // The pool is per cluster node; retries follow MOVED/ASK and a failover for up to 5 s, then the command fails
            // like any Redis outage and its caller retries it.
            client = RedisClusterClient.builder().nodes(seeds).clientConfig(node.build()).poolConfig(pool)
                    .maxAttempts(5).maxTotalRetriesDuration(Duration.ofSeconds(5)).build();
            cluster = true;
            description = "Redis Cluster seeded by " + seeds + " (" + ((RedisClusterClient) client).getClusterNodes().size()
                    + " nodes known at start)";
            return;
        }
        if (watched) {
            if (external) {
                throw new IllegalStateException("REDIS_URL and REDIS_SENTINELS are both set: set REDIS_URL for one "
                        + "Redis, or REDIS_SENTINELS (with REDIS_MASTER_NAME) for a master the Sentinels watch");
            }
            Set<HostAndPort> nodes = hostsAndPorts(sentinels.get(), "REDIS_SENTINELS (notify.platform.redis-sentinels)");
            DefaultJedisClientConfig.Builder master = DefaultJedisClientConfig.builder();
            user.filter(u -> !u.isBlank()).ifPresent(master::user);
            password.filter(p -> !p.isEmpty()).ifPresent(master::password);
            DefaultJedisClientConfig.Builder sentinel = DefaultJedisClientConfig.builder();
            sentinelPassword.filter(p -> !p.isEmpty()).ifPresent(sentinel::password);
            client = RedisSentinelClient.builder().masterName(masterName.trim()).sentinels(nodes)
                    .clientConfig(master.build()).sentinelClientConfig(sentinel.build()).poolConfig(pool).build();
            description = "Redis master '" + masterName.trim() + "' of the Sentinels " + nodes
                    + " (followed across failovers)";
            return;
        }
        URI uri;
        if (!external) {
            embedded = EmbeddedRedis.start(Path.of(dataDir, "redis"), embeddedPort);
            uri = URI.create("redis://127.0.0.1:" + embedded.port());
            description = "embedded redis-server on 127.0.0.1:" + embedded.port() + (embedded.adopted() ? " (adopted)" : "")
                    + ", AOF data in " + embedded.dataDir().toAbsolutePath();
        } else {
            uri = parse(redisUrl.trim());
            description = "external Redis at " + withoutPassword(uri);
        }
        client = RedisClient.builder().fromURI(uri).poolConfig(pool).build();
    }

    /** The shared client; it is thread-safe and pooled, so every bean injects this one. */
    @Produces
    public UnifiedJedis client() {
        return client;
    }

    /** Whether the client is a Redis Cluster's: then every script and transaction must keep to one slot. */
    public boolean cluster() {
        return cluster;
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

    /** {@code host:port,host:port}; an error naming the setting and the entry that is not one. */
    static Set<HostAndPort> hostsAndPorts(String list, String setting) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (String entry : list.split(",")) {
            String node = entry.trim();
            int colon = node.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(node.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalStateException(setting + " must be a list of host:port, and '" + node + "' is not one");
            }
            nodes.add(new HostAndPort(node.substring(0, colon), port));
        }
        return nodes;
    }

    private static String withoutPassword(URI uri) {
        String text = uri.toString();
        return uri.getRawUserInfo() == null ? text : text.replace(uri.getRawUserInfo() + "@", "***@");
    }
}
