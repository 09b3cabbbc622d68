package dev.merchantnotify.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.embedded.RedisServer;

/**
 * The queue's scripts on a real Redis Cluster: three masters (the redis-server binary the application embeds, in
 * cluster mode, on loopback), the slots split in three equal ranges as {@code redis-cli --cluster create} does. Every
 * script must keep to one slot (Redis refuses a script that reaches into another), and the shards must spread the
 * queue over the masters.
 */
class ClusterQueueTest {

    private static final int[] PORTS = {16_701, 16_702, 16_703};
    private static final List<RedisServer> SERVERS = new ArrayList<>();
    private static Path dir;
    private static RedisClusterClient client;
    private static NotifyQueue queue;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("notify-cluster");
        for (int port : PORTS) {
            Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("dir \"" + nodeDir + "\"")
                    .setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 2000")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            SERVERS.add(server);
        }
        for (int i = 0; i < PORTS.length; i++) {
            try (Jedis node = new Jedis("127.0.0.1", PORTS[i])) {
                int from = i * 16384 / PORTS.length;
                int to = (i + 1) * 16384 / PORTS.length;
                int[] slots = new int[to - from];
                for (int slot = from; slot < to; slot++) {
                    slots[slot - from] = slot;
                }
                node.clusterAddSlots(slots);
                for (int other : PORTS) {
                    if (other != PORTS[i]) {
                        node.clusterMeet("127.0.0.1", other);
                    }
                }
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (!allOk()) {
            assertTrue(System.currentTimeMillis() < deadline, "the test cluster did not form within 30 s");
            Thread.sleep(100);
        }
        client = RedisClusterClient.builder().nodes(Set.of(new HostAndPort("127.0.0.1", PORTS[0]))).build();
        queue = new NotifyQueue();
        queue.redis = client;
        queue.shards = QueueShards.of(16, true);
    }

    private static boolean allOk() {
        for (int port : PORTS) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                if (!node.clusterInfo().contains("cluster_state:ok") || node.clusterNodes().lines().count() < PORTS.length) {
                    return false;
                }
            }
        }
        return true;
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (client != null) {
            client.close();
        }
        for (RedisServer server : SERVERS) {
            server.stop();
        }
    }

    @Test
    void aBatchTravelsThroughEveryScriptOnThreeMasters() {
        List<Long> ids = LongStream.rangeClosed(1, 1000).boxed().toList();
        queue.enqueue(ids);
        assertEquals(new QueueCounts(1000, 0, 0), queue.counts());
        assertEquals(1000, queue.pendingCount());
        for (int port : PORTS) {
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                // 16 shards over 3 equal slot ranges: 5 or 6 pending lists on each master.
                assertTrue(node.dbSize() >= 5, "master " + port + " holds " + node.dbSize() + " keys");
            }
        }
        QueueSnapshot snapshot = queue.snapshot(20);
        assertEquals(20, snapshot.nextPending().size());
        assertEquals(16, new HashSet<>(snapshot.nextPending().stream().map(id -> id % 16).toList()).size(),
                "the next 20 come from every shard in turn: " + snapshot.nextPending());

        long now = System.currentTimeMillis();
        List<Long> claimed = new ArrayList<>();
        for (int round = 0; round < 200 && claimed.size() < 1000; round++) {
            List<Long> batch = queue.claim(100, now + 60_000, "node-a", 30_000);
            assertTrue(batch.size() <= 100);
            claimed.addAll(batch);
        }
        assertEquals(1000, claimed.size());
        assertEquals(Set.copyOf(ids), Set.copyOf(claimed));
        assertEquals(new QueueCounts(0, 0, 1000), queue.counts());
        assertEquals(List.of(), queue.missing(ids, 10_000).orElseThrow(), "every claimed id is in flight");

        // Another node cannot take a locked id: push a few back and claim as "node-b".
        queue.enqueue(List.of(1L, 2L, 3L));
        assertEquals(List.of(), queue.claim(100, now + 60_000, "node-b", 30_000));

        List<Settlement> settlements = new ArrayList<>();
        for (long id : claimed) {
            settlements.add(id % 4 == 0 ? Settlement.retryAt(id, now - 1) : id % 4 == 1 ? Settlement.requeue(id)
                    : Settlement.done(id));
        }
        queue.settle(settlements, "node-a");
        assertEquals(new QueueCounts(250, 250, 0), queue.counts());
        assertEquals(250, queue.promoteDueRetries(now, 1000));
        assertEquals(new QueueCounts(500, 0, 0), queue.counts());

        // Locks were released: node-b can now claim them all.
        List<Long> second = new ArrayList<>();
        for (int round = 0; round < 100 && second.size() < 500; round++) {
            second.addAll(queue.claim(64, now + 1, "node-b", 30_000));
        }
        assertEquals(500, second.size());
        assertEquals(500, queue.requeueExpiredLeases(now + 2, 1000), "expired leases come back");
        List<Long> absent = queue.missing(List.of(4L, 5L, 6L, 7L, 9L), 10_000).orElseThrow();
        assertEquals(List.of(6L, 7L), absent.stream().sorted().toList(), "6 and 7 were settled done, the rest wait");
    }
}
