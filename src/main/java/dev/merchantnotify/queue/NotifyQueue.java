package dev.merchantnotify.queue;

import dev.merchantnotify.platform.RedisConnection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.resps.Tuple;

/**
 * The Redis side of delivery: every read and move of notification ids, over the queue's shards ({@link QueueShards}).
 * An id's moves are scripts on its own shard; what spans shards (a claim, a settle of a batch, the counts) is one
 * pipeline with a script or command per shard, so one round trip per Redis master. See the package documentation for
 * the keys.
 */
@ApplicationScoped
public class NotifyQueue {

    private static final Logger LOG = Logger.getLogger(NotifyQueue.class.getName());

    public static final String PENDING = "merchant_notify_pending_queue";
    public static final String RETRY = "merchant_notify_retry_queue";
    public static final String INFLIGHT = "merchant_notify_inflight";
    public static final String LOCK_PREFIX = "merchant_notify_lock:";

    /** The shards when {@code notify.queue.shards} is {@code auto}: one on a single Redis, this many on a cluster. */
    public static final int CLUSTER_SHARDS = 16;

    /**
     * Pops up to ARGV[1] ids; each one whose lock (ARGV[5] .. id, in the shard's slot) is free is locked (token ARGV[3],
     * PX ARGV[4]) and leased until ARGV[2].
     */
    private static final RedisScript CLAIM = new RedisScript("""
            local ids = redis.call('RPOP', KEYS[1], ARGV[1])
            if not ids then return {} end
            local claimed = {}
            for _, id in ipairs(ids) do
              if redis.call('SET', ARGV[5] .. id, ARGV[3], 'NX', 'PX', ARGV[4]) then
                redis.call('ZADD', KEYS[2], ARGV[2], id)
                claimed[#claimed + 1] = id
              end
            end
            return claimed
            """);

    /** Moves up to ARGV[2] ids scored at or before ARGV[1] from the zset KEYS[1] to the pending list (ARGV[3]: head|tail). */
    private static final RedisScript MOVE_DUE = new RedisScript("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
            if #ids == 0 then return 0 end
            redis.call('ZREM', KEYS[1], unpack(ids))
            if ARGV[3] == 'tail' then
              redis.call('RPUSH', KEYS[2], unpack(ids))
            else
              redis.call('LPUSH', KEYS[2], unpack(ids))
            end
            return #ids
            """);

    /**
     * For each (id, retryAt) pair after ARGV[2]: drop the lease, schedule the retry if retryAt >= 0 (or push the id back
     * on the pending list if it is -2), release our lock.
     */
    private static final RedisScript SETTLE = new RedisScript("""
            for i = 3, #ARGV, 2 do
              local id = ARGV[i]
              local at = tonumber(ARGV[i + 1])
              redis.call('ZREM', KEYS[1], id)
              if at >= 0 then redis.call('ZADD', KEYS[2], at, id) end
              if at == -2 then redis.call('LPUSH', KEYS[3], id) end
              local lock = ARGV[1] .. id
              if redis.call('GET', lock) == ARGV[2] then redis.call('DEL', lock) end
            end
            return 1
            """);

    /** Of the ids after ARGV[1], those in none of the three structures; false when the pending list is longer than ARGV[1]. */
    private static final RedisScript MISSING = new RedisScript("""
            if redis.call('LLEN', KEYS[1]) > tonumber(ARGV[1]) then return false end
            local listed = {}
            for _, id in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do listed[id] = true end
            local missing = {}
            for i = 2, #ARGV do
              local id = ARGV[i]
              if not listed[id] and not redis.call('ZSCORE', KEYS[2], id) and not redis.call('ZSCORE', KEYS[3], id) then
                missing[#missing + 1] = id
              end
            end
            return missing
            """);

    /** Takes the ids out of the retry queue (KEYS[1]) and puts them where the pending list (KEYS[2]) is claimed next. */
    private static final RedisScript FRONT = new RedisScript("""
            redis.call('ZREM', KEYS[1], unpack(ARGV))
            redis.call('RPUSH', KEYS[2], unpack(ARGV))
            return #ARGV
            """);

    @Inject
    UnifiedJedis redis;

    @Inject
    RedisConnection connection;

    @Inject
    @ConfigProperty(name = "notify.queue.shards")
    String shardSetting;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    IngestPush ingestPush;

    QueueShards shards;
    /** Which shard a claim serves first, turning, so that a claim smaller than the shards still reaches them all. */
    private final AtomicInteger claimTurn = new AtomicInteger();

    @PostConstruct
    void layOut() {
        shards = QueueShards.of(shardCount(shardSetting, connection.cluster()), connection.cluster());
    }

    /** Lays the shards out at start-up, so that a wrong {@code notify.queue.shards} stops the application, and says so. */
    void report(@Observes Startup startup) {
        QueueShards.Shard first = shards.all().get(0);
        LOG.info(() -> "Queue: " + (shards.count() == 1 ? "1 shard" : shards.count() + " shards") + " in Redis ("
                + first.pending() + (shards.count() > 1 ? ", … " + shards.all().get(shards.count() - 1).pending() : "")
                + ")");
    }

    /** {@code auto} (1 on one Redis, {@value #CLUSTER_SHARDS} on a cluster) or 1 to {@value QueueShards#MAX}. */
    static int shardCount(String setting, boolean cluster) {
        String value = setting == null ? "" : setting.trim();
        if (value.isEmpty() || "auto".equalsIgnoreCase(value)) {
            return cluster ? CLUSTER_SHARDS : 1;
        }
        try {
            int count = Integer.parseInt(value);
            if (count >= 1 && count <= QueueShards.MAX) {
                return count;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException("notify.queue.shards (NOTIFY_QUEUE_SHARDS) must be 'auto' or a number from 1 to "
                + QueueShards.MAX + ", not '" + value + "'");
    }

    /** The queue's shards and their keys. */
    public QueueShards shards() {
        return shards;
    }

    /** Makes ids ready for delivery now (one round trip). */
    public void enqueue(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Map<QueueShards.Shard, List<Long>> byShard = byShard(ids, id -> id);
        if (byShard.size() == 1) {
            Map.Entry<QueueShards.Shard, List<Long>> only = byShard.entrySet().iterator().next();
            redis.lpush(only.getKey().pending(), toStrings(only.getValue()));
            return;
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            byShard.forEach((shard, shardIds) -> pipeline.lpush(shard.pending(), toStrings(shardIds)));
            pipeline.sync();
        }
    }

    /**
     * Enqueues the ids once the current transaction has committed, never before (a poller must not find an id whose row
     * it cannot read yet), through {@link IngestPush}: if Redis is unreachable then, the rows stay PENDING and the
     * sweeper enqueues them later.
     */
    public void enqueueAfterCommit(Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        afterCommit(() -> ingestPush.push(copy));
    }

    /**
     * Once the current transaction has committed, puts the ids first in line: out of the retry queue, onto the end of
     * the pending list that is claimed next (one round trip). Ids in flight stay leased: their outcome finds the row
     * changed and sends them back to be looked at again. If Redis is unreachable, the sweeper enqueues the rows later.
     */
    public void requeueNowAfterCommit(Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        afterCommit(() -> {
            try {
                List<ShardCall> calls = new ArrayList<>();
                byShard(copy, id -> id).forEach((shard, shardIds) -> calls.add(new ShardCall(
                        List.of(shard.retry(), shard.pending()), List.of(toStrings(shardIds)))));
                runEach(FRONT, calls, true);
            } catch (RuntimeException e) {
                LOG.warning(() -> "Redis unavailable: " + copy.size() + " notification(s) queued again in the database "
                        + "will be queued by the sweeper once it answers (" + e + ")");
            }
        });
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /** How many ids wait in the pending lists (one round trip). */
    public long pendingCount() {
        List<Response<Long>> lengths = new ArrayList<>(shards.count());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            shards.all().forEach(shard -> lengths.add(pipeline.llen(shard.pending())));
            pipeline.sync();
        }
        return lengths.stream().mapToLong(Response::get).sum();
    }

    /** How many ids wait in the pending lists, the retry queues and the in-flight sets (one round trip). */
    public QueueCounts counts() {
        List<Response<Long>> responses = new ArrayList<>(shards.count() * 3);
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (QueueShards.Shard shard : shards.all()) {
                responses.add(pipeline.llen(shard.pending()));
                responses.add(pipeline.zcard(shard.retry()));
                responses.add(pipeline.zcard(shard.inflight()));
            }
            pipeline.sync();
        }
        return summed(responses);
    }

    /** The counts of every shard's pending list, retry queue and in-flight set, in that order, added up. */
    private static QueueCounts summed(List<Response<Long>> perShard) {
        long[] sums = new long[3];
        for (int i = 0; i < perShard.size(); i++) {
            sums[i % 3] += perShard.get(i).get();
        }
        return new QueueCounts(sums[0], sums[1], sums[2]);
    }

    /**
     * The counts of the three structures and the first {@code limit} ids of the pending lists (in the order claims
     * take them: the shards in turn, each oldest first) and of the retry queues (soonest due first).
     */
    public QueueSnapshot snapshot(int limit) {
        List<Response<Long>> counts = new ArrayList<>(shards.count() * 3);
        List<Response<List<String>>> nextPending = new ArrayList<>(shards.count());
        List<Response<List<Tuple>>> nextRetries = new ArrayList<>(shards.count());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (QueueShards.Shard shard : shards.all()) {
                counts.add(pipeline.llen(shard.pending()));
                counts.add(pipeline.zcard(shard.retry()));
                counts.add(pipeline.zcard(shard.inflight()));
                nextPending.add(pipeline.lrange(shard.pending(), -limit, -1));
                nextRetries.add(pipeline.zrangeWithScores(shard.retry(), 0, limit - 1));
            }
            pipeline.sync();
        }
        QueueCounts sums = summed(counts);
        // Claims pop from the right: a list's last element is its next one out. The shards are claimed in turn.
        List<List<Long>> perShard = new ArrayList<>(nextPending.size());
        for (Response<List<String>> shardNext : nextPending) {
            List<Long> ids = new ArrayList<>(toLongs(shardNext.get()));
            Collections.reverse(ids);
            perShard.add(ids);
        }
        List<Long> next = new ArrayList<>(limit);
        for (int i = 0; next.size() < limit && i < limit; i++) {
            for (List<Long> ids : perShard) {
                if (i < ids.size() && next.size() < limit) {
                    next.add(ids.get(i));
                }
            }
        }
        List<QueueSnapshot.Scheduled> retries = nextRetries.stream().flatMap(r -> r.get().stream())
                .map(t -> new QueueSnapshot.Scheduled(Long.parseLong(t.getElement()), (long) t.getScore()))
                .sorted(Comparator.comparingLong(QueueSnapshot.Scheduled::dueAtMillis))
                .limit(limit)
                .toList();
        return new QueueSnapshot(sums.pending(), sums.retry(), sums.inflight(), next, retries);
    }

    /**
     * Claims up to {@code max} ready ids for this node: each is locked with {@code token} for {@code lockTtlMillis} and
     * leased until {@code leaseUntilMillis}. Ids whose lock another claimer holds are left to that claimer. Over several
     * shards the batch is divided evenly, the remainder going to the shards whose turn it is, so that every shard is
     * served at the same pace by every node; a shard that does not answer (its master failing over) costs only its own
     * part, whose claimed ids, if any, come back when their leases expire.
     */
    public List<Long> claim(int max, long leaseUntilMillis, String token, long lockTtlMillis) {
        int count = shards.count();
        int first = Math.floorMod(claimTurn.getAndIncrement(), count);
        List<ShardCall> calls = new ArrayList<>(Math.min(count, max));
        for (int i = 0; i < count; i++) {
            QueueShards.Shard shard = shards.all().get((first + i) % count);
            int part = max / count + (i < max % count ? 1 : 0);
            if (part > 0) {
                calls.add(new ShardCall(List.of(shard.pending(), shard.inflight()), List.of(String.valueOf(part),
                        String.valueOf(leaseUntilMillis), token, String.valueOf(lockTtlMillis), shard.lockPrefix())));
            }
        }
        List<Long> claimed = new ArrayList<>(max);
        runEach(CLAIM, calls, false).forEach(result -> claimed.addAll(toLongs(result)));
        return claimed;
    }

    /** Releases claimed ids, scheduling retries where asked, in one round trip. */
    public void settle(Collection<Settlement> settlements, String token) {
        if (settlements.isEmpty()) {
            return;
        }
        List<ShardCall> calls = new ArrayList<>();
        byShard(settlements, Settlement::id).forEach((shard, shardSettlements) -> {
            List<String> args = new ArrayList<>(2 + shardSettlements.size() * 2);
            args.add(shard.lockPrefix());
            args.add(token);
            for (Settlement settlement : shardSettlements) {
                args.add(String.valueOf(settlement.id()));
                args.add(String.valueOf(settlement.retryAtMillis()));
            }
            calls.add(new ShardCall(List.of(shard.inflight(), shard.retry(), shard.pending()), args));
        });
        runEach(SETTLE, calls, true);
    }

    /** Moves retries due by {@code nowMillis} to the pending lists, up to {@code limit} per shard; returns how many moved. */
    public int promoteDueRetries(long nowMillis, int limit) {
        return moveDue(QueueShards.Shard::retry, nowMillis, limit, "head");
    }

    /**
     * Puts ids whose lease expired (their node died mid-delivery) at the front of their pending lists, up to
     * {@code limit} per shard; returns how many.
     */
    public int requeueExpiredLeases(long nowMillis, int limit) {
        return moveDue(QueueShards.Shard::inflight, nowMillis, limit, "tail");
    }

    private int moveDue(Function<QueueShards.Shard, String> from, long nowMillis, int limit, String end) {
        List<ShardCall> calls = shards.all().stream().map(shard -> new ShardCall(
                List.of(from.apply(shard), shard.pending()), List.of(String.valueOf(nowMillis), String.valueOf(limit), end)))
                .toList();
        return runEach(MOVE_DUE, calls, true).stream().mapToInt(moved -> ((Long) moved).intValue()).sum();
    }

    /**
     * Of these ids, the ones Redis has no trace of. Empty when a pending list holds more than {@code listScanLimit}
     * ids: then a backlog is draining and the answer cannot be had cheaply.
     */
    public Optional<List<Long>> missing(Collection<Long> ids, int listScanLimit) {
        if (ids.isEmpty()) {
            return Optional.of(List.of());
        }
        List<ShardCall> calls = new ArrayList<>();
        byShard(ids, id -> id).forEach((shard, shardIds) -> {
            List<String> args = new ArrayList<>(shardIds.size() + 1);
            args.add(String.valueOf(listScanLimit));
            shardIds.forEach(id -> args.add(String.valueOf(id)));
            calls.add(new ShardCall(shard.keys(), args));
        });
        List<Long> missing = new ArrayList<>();
        for (Object result : runEach(MISSING, calls, true)) {
            if (result == null) {
                return Optional.empty();
            }
            missing.addAll(toLongs(result));
        }
        return Optional.of(missing);
    }

    /** One script's keys and arguments on one shard. */
    private record ShardCall(List<String> keys, List<String> args) {
    }

    /**
     * Runs the script once per call: directly when there is one, else in one pipeline (a script Redis did not know is
     * loaded and run again alone). With {@code strict}, any shard's failure is thrown after the others have run; without
     * it, only when no shard answered, and the answers of the others are returned.
     */
    private List<Object> runEach(RedisScript script, List<ShardCall> calls, boolean strict) {
        if (calls.size() == 1) {
            return Collections.singletonList(script.run(redis, calls.get(0).keys(), calls.get(0).args()));
        }
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            calls.forEach(call -> responses.add(script.queue(pipeline, call.keys(), call.args())));
            pipeline.sync();
        }
        List<Object> results = new ArrayList<>(calls.size());
        RuntimeException failure = null;
        for (int i = 0; i < calls.size(); i++) {
            try {
                try {
                    results.add(responses.get(i).get());
                } catch (JedisNoScriptException e) {
                    results.add(script.run(redis, calls.get(i).keys(), calls.get(i).args()));
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null && (strict || results.isEmpty())) {
            throw failure;
        }
        return results;
    }

    private <T> Map<QueueShards.Shard, List<T>> byShard(Collection<T> items, Function<T, Long> id) {
        Map<QueueShards.Shard, List<T>> byShard = new LinkedHashMap<>();
        for (T item : items) {
            byShard.computeIfAbsent(shards.of(id.apply(item)), shard -> new ArrayList<>()).add(item);
        }
        return byShard;
    }

    private static String[] toStrings(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).toArray(String[]::new);
    }

    private static List<Long> toLongs(Object scriptResult) {
        if (!(scriptResult instanceof List<?> list)) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(list.size());
        for (Object item : list) {
            ids.add(Long.valueOf(item instanceof byte[] bytes ? new String(bytes) : item.toString()));
        }
        return ids;
    }
}
