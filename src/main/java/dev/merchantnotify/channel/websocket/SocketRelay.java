package dev.merchantnotify.channel.websocket;

import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.PendingOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import redis.clients.jedis.AbstractPipeline;
import dev.merchantnotify.platform.RedisConnection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * WebSocket delivery across nodes, through the Redis every node shares. A merchant's socket is open on one node; the
 * notification may be dispatched on another. Each node that holds sockets says so in the hash
 * {@code notify:ws:holders:<destination_key>} (field: the node's id, value: {@code <sockets>,<valid-until-millis>},
 * rewritten every {@value #HEARTBEAT_SECONDS} s and valid for {@value #VALID_SECONDS} s, so a node that died drops out by
 * itself), and listens on its own Redis channel {@code notify:ws:node:<node id>} (on a Redis Cluster a sharded channel,
 * {@code SSUBSCRIBE}/{@code SPUBLISH}: a plain {@code PUBLISH} there counts only the receivers on the node it reached, and
 * the count is how a push learns that its holder is gone).
 *
 * <p>A node with no socket of the destination publishes the frame to a node holding one ({@code push}); that node writes
 * it on one of its sockets and publishes the merchant's answer back ({@code outcome}). The dispatching node keeps the
 * attempt's deadline: an answer after it is ignored (the attempt was recorded as a timeout and is retried, as when the
 * socket is local), so one attempt is delivered at most once and recorded once. A publish no node received (the holder
 * stopped) tries the next holder, then fails the attempt as {@link FailureKind#NO_SESSION}. No thread waits for the
 * answer: it arrives on the listening thread and settles the attempt's future.
 */
@ApplicationScoped
public class SocketRelay {

    private static final Logger LOG = Logger.getLogger(SocketRelay.class.getName());
    /** The holders of a destination's sockets: {@code notify:ws:holders:<destination_key>}. */
    static final String HOLDERS_PREFIX = "notify:ws:holders:";
    /** A node's inbox channel: {@code notify:ws:node:<node id>}. */
    static final String INBOX_PREFIX = "notify:ws:node:";
    static final int HEARTBEAT_SECONDS = 5;
    static final int VALID_SECONDS = 15;
    private static final long LISTEN_WAIT_MILLIS = 2000;

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisConnection connection;

    @Inject
    SocketSessions sessions;

    @Inject
    ChannelThreads threads;

    @Inject
    AttemptLimits limits;

    @Inject
    Clock clock;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final String nodeId = newNodeId();
    private final Map<String, PendingOutcome> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger turn = new AtomicInteger();
    private volatile Listener listener;
    private volatile boolean stopping;
    private ScheduledFuture<?> heartbeat;
    private Counter forwarded;
    private Counter relayed;
    private Counter late;

    @PostConstruct
    void register() {
        Metadata relay = SocketSessions.metadata("notify.websocket.relay", "WebSocket frames relayed between nodes: forwarded "
                + "(dispatched here, the socket on another node), relayed (pushed here for another node), late (an "
                + "answer after the attempt's deadline, ignored)");
        forwarded = registry.counter(relay, new Tag("type", "forwarded"));
        relayed = registry.counter(relay, new Tag("type", "relayed"));
        late = registry.counter(relay, new Tag("type", "late"));
    }

    /** This node's id in the holders' hashes and its inbox channel's name: host name and a random part. */
    public String nodeId() {
        return nodeId;
    }

    private static String newNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
        } catch (java.io.IOException | RuntimeException e) {
            host = "node";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return (host.isEmpty() ? "node" : host) + "-" + HexFormat.of().formatHex(random);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        Listener listening = listener;
        if (listening != null && listening.isSubscribed()) {
            try {
                listening.unsubscribe();
            } catch (RuntimeException e) {
                // the connection is gone either way
            }
        }
        for (String key : sessions.destinationsHeld()) {
            try {
                redis.hdel(HOLDERS_PREFIX + key, nodeId);
            } catch (RuntimeException e) {
                break; // Redis is down: the entries expire by themselves
            }
        }
        pending.values().forEach(waiting -> waiting.fail(FailureKind.NETWORK, "the server is stopping"));
    }

    // ---- the dispatching node

    /**
     * Sends a frame to a node holding a socket of the destination and completes with the merchant's answer, a timeout
     * at the request timeout, or {@link FailureKind#NO_SESSION} when no node holds one.
     */
    CompletableFuture<ChannelOutcome> forward(String destinationKey, String messageId, String frame,
            Instant startedAt, long start) {
        PendingOutcome waiting = new PendingOutcome(startedAt, start);
        String ref = nodeId + ":" + sequence.incrementAndGet();
        long timeoutMillis = limits.requestTimeout().toMillis();
        try {
            waiting.expireAfter(threads.timers(), timeoutMillis, "no acknowledgement from the merchant within "
                    + timeoutMillis + " ms (its socket is on another node)");
            pending.put(ref, waiting);
            waiting.result().whenComplete((outcome, error) -> pending.remove(ref));
            threads.work().execute(() -> publishPush(destinationKey, messageId, frame, ref, waiting));
        } catch (RejectedExecutionException e) {
            waiting.fail(FailureKind.NETWORK, "the server is stopping");
        }
        return waiting.result();
    }

    private void publishPush(String destinationKey, String messageId, String frame, String ref,
            PendingOutcome waiting) {
        try {
            if (!listening(true)) {
                waiting.fail(FailureKind.NETWORK, "this node cannot listen for the merchant's answer (Redis)");
                return;
            }
            List<String> holders = holders(destinationKey).keySet().stream().filter(node -> !node.equals(nodeId))
                    .toList();
            if (holders.isEmpty()) {
                waiting.fail(FailureKind.NO_SESSION, "no WebSocket session of this destination is open on any node");
                return;
            }
            String push = Json.createObjectBuilder().add("op", "push").add("from", nodeId).add("ref", ref)
                    .add("key", destinationKey).add("id", messageId).add("frame", frame).build().toString();
            int first = Math.floorMod(turn.getAndIncrement(), holders.size());
            for (int i = 0; i < holders.size() && !waiting.isDone(); i++) {
                String holder = holders.get((first + i) % holders.size());
                if (publish(INBOX_PREFIX + holder, push) > 0) {
                    forwarded.inc();
                    return;
                }
            }
            waiting.fail(FailureKind.NO_SESSION, "the node(s) holding this destination's sessions " + holders
                    + " do not listen any more");
        } catch (RuntimeException e) {
            waiting.fail(FailureKind.NETWORK, "the frame could not be relayed to the socket's node: " + e.getMessage());
        }
    }

    private void outcome(JsonObject message) {
        String ref = message.getString("ref", "");
        PendingOutcome waiting = pending.get(ref);
        if (waiting == null) {
            late.inc();
            return;
        }
        boolean settled;
        if (message.getBoolean("ok", false)) {
            settled = waiting.delivered();
        } else {
            FailureKind kind;
            try {
                kind = FailureKind.valueOf(message.getString("kind", FailureKind.NETWORK.name()));
            } catch (IllegalArgumentException unknown) {
                kind = FailureKind.NETWORK;
            }
            settled = waiting.fail(kind, message.getString("error", "the socket's node reported a failure"));
        }
        if (!settled) {
            late.inc();
        }
    }

    // ---- the node holding the socket

    private void push(JsonObject message) {
        String from = message.getString("from", "");
        String ref = message.getString("ref", "");
        String key = message.getString("key", "");
        Optional<MerchantSocket> chosen = sessions.pick(key);
        if (chosen.isEmpty()) {
            answer(from, ref, null, FailureKind.NO_SESSION, "the destination's sessions on node " + nodeId
                    + " closed");
            return;
        }
        MerchantSocket socket = chosen.get();
        PendingOutcome waiting = new PendingOutcome(clock.instant(), System.nanoTime());
        long timeoutMillis = limits.requestTimeout().toMillis();
        try {
            waiting.expireAfter(threads.timers(), timeoutMillis, "no acknowledgement from the merchant within "
                    + timeoutMillis + " ms");
        } catch (RejectedExecutionException e) {
            return; // stopping: the dispatching node's deadline settles it
        }
        waiting.result().whenComplete((outcome, error) -> answer(from, ref, outcome, null, null));
        socket.await(message.getString("id", ""), waiting);
        socket.write(message.getString("frame", ""), error -> waiting.fail(FailureKind.NETWORK,
                "the frame could not be written: " + error.getMessage()));
        relayed.inc();
        sessions.countPushed();
    }

    private void answer(String to, String ref, ChannelOutcome outcome, FailureKind kind, String error) {
        var answer = Json.createObjectBuilder().add("op", "outcome").add("ref", ref);
        if (outcome != null && outcome.success()) {
            answer.add("ok", true);
        } else {
            answer.add("ok", false)
                    .add("kind", (outcome != null ? outcome.failure() : kind).name())
                    .add("error", outcome != null ? outcome.error() : error);
        }
        String text = answer.build().toString();
        try {
            threads.work().execute(() -> {
                try {
                    publish(INBOX_PREFIX + to, text);
                } catch (RuntimeException e) {
                    LOG.fine(() -> "A relayed outcome for node " + to + " was lost (Redis): " + e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the dispatching node's deadline settles it
        }
    }

    /**
     * Says in Redis how many sockets of the destination this node holds now (none: the field goes). Called when one
     * opens or closes; reads the count when it runs, so calls that overtake each other still leave the last word
     * right.
     */
    void holding(String destinationKey) {
        try {
            threads.work().execute(() -> {
                try {
                    int count = sessions.countOf(destinationKey);
                    if (count > 0) {
                        listening(true);
                        try (AbstractPipeline pipeline = redis.pipelined()) {
                            writeHolding(pipeline, destinationKey, count, clock.millis());
                            pipeline.sync();
                        }
                    } else {
                        redis.hdel(HOLDERS_PREFIX + destinationKey, nodeId);
                    }
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Other nodes do not see this node's sockets of a destination until Redis "
                            + "answers again (" + e + ")");
                }
            });
        } catch (RejectedExecutionException stopping) {
            // entries expire by themselves
        }
        startHeartbeat();
    }

    private synchronized void startHeartbeat() {
        if (heartbeat == null && !stopping) {
            heartbeat = threads.timers().scheduleWithFixedDelay(() -> threads.work().execute(this::beat),
                    HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void beat() {
        List<String> held = sessions.destinationsHeld();
        if (held.isEmpty()) {
            return;
        }
        try {
            listening(false);
            try (AbstractPipeline pipeline = redis.pipelined()) {
                long now = clock.millis();
                for (String key : held) {
                    int count = sessions.countOf(key);
                    if (count > 0) {
                        writeHolding(pipeline, key, count, now);
                    }
                }
                pipeline.sync();
            }
        } catch (RuntimeException e) {
            LOG.fine(() -> "WebSocket holders' heartbeat skipped (Redis): " + e);
        }
    }

    /** This node's entry in the destination's holders' hash: its socket count, valid {@value #VALID_SECONDS} s. */
    private void writeHolding(AbstractPipeline pipeline, String destinationKey, int count, long now) {
        pipeline.hset(HOLDERS_PREFIX + destinationKey, nodeId, count + "," + (now + VALID_SECONDS * 1000L));
        pipeline.pexpire(HOLDERS_PREFIX + destinationKey, VALID_SECONDS * 1000L);
    }

    /** The live nodes holding sockets of the destination, with how many each holds (this node included). */
    private Map<String, Integer> holders(String destinationKey) {
        Map<String, String> fields = redis.hgetAll(HOLDERS_PREFIX + destinationKey);
        long now = clock.millis();
        Map<String, Integer> live = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String[] parts = field.getValue().split(",", 2);
            try {
                if (parts.length == 2 && Long.parseLong(parts[1]) > now) {
                    live.put(field.getKey(), Integer.parseInt(parts[0]));
                }
            } catch (NumberFormatException ignored) {
                // not written by this version: skipped
            }
        }
        return live;
    }

    /** Sockets of the destination on other nodes, for the console and the admin API; 0 when Redis does not answer. */
    public int elsewhere(String destinationKey) {
        try {
            return holders(destinationKey).entrySet().stream().filter(entry -> !entry.getKey().equals(nodeId))
                    .mapToInt(Map.Entry::getValue).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    // ---- listening on this node's channel

    /**
     * Makes sure this node listens on its channel; {@code wait}: until the subscription is confirmed (at most
     * {@value #LISTEN_WAIT_MILLIS} ms). Answers whether it listens.
     */
    private boolean listening(boolean wait) {
        Listener current = listener;
        if (current == null) {
            synchronized (this) {
                current = listener;
                if (current == null && !stopping) {
                    current = new Listener();
                    Thread thread = threads.factory().newThread(current::run);
                    thread.setName("notify-websocket-relay");
                    thread.setDaemon(true);
                    thread.start();
                    listener = current;
                }
            }
        }
        if (current == null) {
            return false;
        }
        if (!wait) {
            return current.isSubscribed();
        }
        try {
            return current.subscribed.await(LISTEN_WAIT_MILLIS, TimeUnit.MILLISECONDS) && current.isSubscribed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Publishes to a node's inbox; returns how many listeners received it (0: the node does not listen any more). */
    private long publish(String channel, String text) {
        return connection.cluster() ? ((RedisClusterClient) redis).spublish(channel, text) : redis.publish(channel, text);
    }

    /** Listens on this node's channel, subscribing again after Redis comes back. */
    private final class Listener {
        private volatile CountDownLatch subscribed = new CountDownLatch(1);
        private final JedisPubSub plain = new JedisPubSub() {
            @Override
            public void onSubscribe(String channel, int count) {
                listens(channel);
            }

            @Override
            public void onMessage(String channel, String text) {
                handle(text);
            }
        };
        private final JedisShardedPubSub sharded = new JedisShardedPubSub() {
            @Override
            public void onSSubscribe(String channel, int count) {
                listens(channel);
            }

            @Override
            public void onSMessage(String channel, String text) {
                handle(text);
            }
        };

        boolean isSubscribed() {
            return connection.cluster() ? sharded.isSubscribed() : plain.isSubscribed();
        }

        void unsubscribe() {
            if (connection.cluster()) {
                sharded.sunsubscribe();
            } else {
                plain.unsubscribe();
            }
        }

        void run() {
            long backoff = 200;
            while (!stopping) {
                try {
                    if (connection.cluster()) {
                        ((RedisClusterClient) redis).ssubscribe(sharded, INBOX_PREFIX + nodeId);
                    } else {
                        redis.subscribe(plain, INBOX_PREFIX + nodeId);
                    }
                } catch (RuntimeException e) {
                    if (subscribed.getCount() == 0) {
                        backoff = 200; // it had listened: Redis went away just now
                    }
                    if (stopping) {
                        return;
                    }
                    long wait = backoff;
                    LOG.fine(() -> "WebSocket relay: listening again in " + wait + " ms (" + e + ")");
                }
                if (!stopping) {
                    subscribed = new CountDownLatch(1);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 5000);
                }
            }
        }

        private void listens(String channel) {
            subscribed.countDown();
            LOG.fine(() -> "WebSocket relay: node " + nodeId + " listens on " + channel);
        }

        private void handle(String text) {
            JsonObject message;
            try {
                message = Json.createReader(new StringReader(text)).readObject();
            } catch (JsonException | IllegalStateException e) {
                return; // not ours
            }
            try {
                switch (message.getString("op", "")) {
                    case "push" -> push(message);
                    case "outcome" -> outcome(message);
                    default -> {
                        // a later version's message: ignored
                    }
                }
            } catch (RuntimeException e) {
                LOG.warning(() -> "WebSocket relay: a message could not be handled: " + e);
            }
        }
    }
}
