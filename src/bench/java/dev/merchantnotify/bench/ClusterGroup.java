package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis Cluster on loopback: {@value #MASTERS} masters and one replica each, Debian's {@code redis-server} in
 * cluster mode (AOF on, a node counted as failed after 2 s), joined by {@code redis-cli --cluster create}, which gives
 * the masters three equal ranges of slots.
 */
final class ClusterGroup extends RedisProcesses {

    static final int FIRST_PORT = 16681;
    static final int MASTERS = 3;
    private static final int NODES = MASTERS * 2;

    private ClusterGroup(Path dir) throws IOException {
        super(dir);
    }

    /** Starts the six servers, creates the cluster and waits until every node sees it whole. */
    static ClusterGroup start(Path dir) throws IOException, InterruptedException {
        ClusterGroup group = new ClusterGroup(dir);
        try {
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (int i = 0; i < NODES; i++) {
                int port = FIRST_PORT + i;
                group.startRedis(port, "cluster-enabled yes\ncluster-config-file nodes.conf\n"
                        + "cluster-node-timeout 2000\n");
                create.add("127.0.0.1:" + port);
            }
            for (int i = 0; i < NODES; i++) {
                int port = FIRST_PORT + i;
                await(() -> !info(port, "server").isEmpty(), "redis-server :" + port + " answering",
                        Duration.ofSeconds(30));
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Process created = launch(create, dir.resolve("cluster-create.log"));
            if (created.waitFor() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed; see " + dir.resolve(
                        "cluster-create.log"));
            }
            await(group::whole, "every node of the cluster seeing 3 masters with a replica in sync each",
                    Duration.ofSeconds(60));
            return group;
        } catch (IOException | InterruptedException | RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /** Every node answers {@code cluster_state:ok} and every replica's link to its master is up. */
    private boolean whole() {
        return everyNodeOk(-1, true);
    }

    /** Every node but the one on {@code skipPort} says {@code cluster_state:ok}, its replicas in sync if asked. */
    private static boolean everyNodeOk(int skipPort, boolean replicasInSync) {
        for (int i = 0; i < NODES; i++) {
            int port = FIRST_PORT + i;
            if (port == skipPort) {
                continue;
            }
            try (Jedis node = new Jedis("127.0.0.1", port)) {
                if (!node.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
                String replication = replicasInSync ? node.info("replication") : "";
                if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                    return false;
                }
            } catch (JedisException e) {
                return false;
            }
        }
        return true;
    }

    /** The node is given the first three servers as seeds; it learns the rest from them. */
    @Override
    Map<String, String> environment() {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < MASTERS; i++) {
            seeds.add("127.0.0.1:" + (FIRST_PORT + i));
        }
        return Map.of("REDIS_CLUSTER", String.join(",", seeds));
    }

    /** The port of the master serving {@code slot}, as a live node sees it; -1 if none answers. */
    int masterOf(int slot) {
        for (int i = 0; i < NODES; i++) {
            try (Jedis node = new Jedis("127.0.0.1", FIRST_PORT + i)) {
                for (Object range : node.clusterSlots()) {
                    List<?> entry = (List<?>) range;
                    if ((Long) entry.get(0) <= slot && slot <= (Long) entry.get(1)) {
                        return ((Long) ((List<?>) entry.get(2)).get(1)).intValue();
                    }
                }
            } catch (JedisException e) {
                // ask the next one
            }
        }
        return -1;
    }

    /** Kills the master of slot 0, which holds the first shards of the queue. */
    @Override
    int killMaster() throws Exception {
        int port = masterOf(0);
        kill(port);
        return port;
    }

    /** Waits until slot 0 is served by another master and every live node says the cluster is ok. */
    @Override
    int awaitFailover(int oldPort, Duration limit) throws InterruptedException {
        await(() -> {
            int now = masterOf(0);
            return now >= 0 && now != oldPort && info(now, "replication").contains("role:master")
                    && everyNodeOk(oldPort, false);
        }, "a replica promoted for slot 0 and the cluster ok", limit);
        return masterOf(0);
    }
}
