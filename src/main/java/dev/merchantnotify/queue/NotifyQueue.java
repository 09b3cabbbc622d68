package dev.merchantnotify.queue;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.resps.Tuple;

/** The Redis side of delivery: every read and move of notification ids. See the package documentation for the keys. */
@ApplicationScoped
public class NotifyQueue {

    private static final Logger LOG = Logger.getLogger(NotifyQueue.class.getName());

    public static final String PENDING = "merchant_notify_pending_queue";
    public static final String RETRY = "merchant_notify_retry_queue";
    public static final String INFLIGHT = "merchant_notify_inflight";
    public static final String LOCK_PREFIX = "merchant_notify_lock:";

    /** Pops up to ARGV[1] ids; each one whose lock is free is locked (token ARGV[3], PX ARGV[4]) and leased until ARGV[2]. */
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

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @Inject
    IngestPush ingestPush;

    /** Makes ids ready for delivery now (one round trip). */
    public void enqueue(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            redis.lpush(PENDING, toStrings(ids));
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
        List<String> copy = List.of(toStrings(ids));
        afterCommit(() -> {
            try {
                FRONT.run(redis, List.of(RETRY, PENDING), copy);
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

    /** How many ids wait in the pending list (one round trip). */
    public long pendingCount() {
        return redis.llen(PENDING);
    }

    /** How many ids wait in the pending list, the retry queue and the in-flight set (one round trip). */
    public QueueCounts counts() {
        Response<Long> pending;
        Response<Long> retry;
        Response<Long> inflight;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pending = pipeline.llen(PENDING);
            retry = pipeline.zcard(RETRY);
            inflight = pipeline.zcard(INFLIGHT);
            pipeline.sync();
        }
        return new QueueCounts(pending.get(), retry.get(), inflight.get());
    }

    /** The counts of the three structures and the first {@code limit} ids of the pending list and retry queue. */
    public QueueSnapshot snapshot(int limit) {
        Response<Long> pending;
        Response<Long> retry;
        Response<Long> inflight;
        Response<List<String>> nextPending;
        Response<List<Tuple>> nextRetries;
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pending = pipeline.llen(PENDING);
            retry = pipeline.zcard(RETRY);
            inflight = pipeline.zcard(INFLIGHT);
            nextPending = pipeline.lrange(PENDING, -limit, -1);
            nextRetries = pipeline.zrangeWithScores(RETRY, 0, limit - 1);
            pipeline.sync();
        }
        List<Long> next = new ArrayList<>(toLongs(nextPending.get()));
        // Claims pop from the right: the last element is the next one out.
        Collections.reverse(next);
        List<QueueSnapshot.Scheduled> retries = nextRetries.get().stream()
                .map(t -> new QueueSnapshot.Scheduled(Long.parseLong(t.getElement()), (long) t.getScore()))
                .toList();
        return new QueueSnapshot(pending.get(), retry.get(), inflight.get(), next, retries);
    }

    /**
     * Claims up to {@code max} ready ids for this node: each is locked with {@code token} for {@code lockTtlMillis} and
     * leased until {@code leaseUntilMillis}. Ids whose lock another claimer holds are left to that claimer.
     */
    public List<Long> claim(int max, long leaseUntilMillis, String token, long lockTtlMillis) {
        Object result = CLAIM.run(redis, List.of(PENDING, INFLIGHT), List.of(String.valueOf(max),
                String.valueOf(leaseUntilMillis), token, String.valueOf(lockTtlMillis), LOCK_PREFIX));
        return toLongs(result);
    }

    /** Releases claimed ids, scheduling retries where asked, in one round trip. */
    public void settle(Collection<Settlement> settlements, String token) {
        if (settlements.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(2 + settlements.size() * 2);
        args.add(LOCK_PREFIX);
        args.add(token);
        for (Settlement settlement : settlements) {
            args.add(String.valueOf(settlement.id()));
            args.add(String.valueOf(settlement.retryAtMillis()));
        }
        SETTLE.run(redis, List.of(INFLIGHT, RETRY, PENDING), args);
    }

    /** Moves retries due by {@code nowMillis} to the pending list; returns how many moved. */
    public int promoteDueRetries(long nowMillis, int limit) {
        return ((Long) MOVE_DUE.run(redis, List.of(RETRY, PENDING),
                List.of(String.valueOf(nowMillis), String.valueOf(limit), "head"))).intValue();
    }

    /** Puts ids whose lease expired (their node died mid-delivery) at the front of the pending list; returns how many. */
    public int requeueExpiredLeases(long nowMillis, int limit) {
        return ((Long) MOVE_DUE.run(redis, List.of(INFLIGHT, PENDING),
                List.of(String.valueOf(nowMillis), String.valueOf(limit), "tail"))).intValue();
    }

    /**
     * Of these ids, the ones Redis has no trace of. Empty when the pending list holds more than {@code listScanLimit}
     * ids: then a backlog is draining and the answer cannot be had cheaply.
     */
    public Optional<List<Long>> missing(Collection<Long> ids, int listScanLimit) {
        if (ids.isEmpty()) {
            return Optional.of(List.of());
        }
        List<String> args = new ArrayList<>(ids.size() + 1);
        args.add(String.valueOf(listScanLimit));
        ids.forEach(id -> args.add(String.valueOf(id)));
        Object result = MISSING.run(redis, List.of(PENDING, RETRY, INFLIGHT), args);
        return result == null ? Optional.empty() : Optional.of(toLongs(result));
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
