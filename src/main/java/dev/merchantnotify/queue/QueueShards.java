package dev.merchantnotify.queue;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * How the queue is split: {@code count} shards, each a pending list, a retry queue, an in-flight set and the lock keys
 * of its notifications; notification {@code id} belongs to shard {@code id mod count} for its whole life, so every move
 * of an id is a script on one shard. On one Redis with one shard the keys keep the seed's names
 * ({@code merchant_notify_pending_queue}, …, {@code merchant_notify_lock:<id>}); otherwise every key of shard {@code s}
 * carries the same hash tag, {@code merchant_notify_pending_queue{<tag>}}, {@code merchant_notify_retry_queue{<tag>}},
 * {@code merchant_notify_inflight{<tag>}}, {@code merchant_notify_lock{<tag>}:<id>}, so that a Redis Cluster keeps a
 * shard in one slot. The tag is {@code s} when that string hashes into the {@code s}-th of {@code count} equal ranges of
 * the 16,384 slots, else {@code s-k} for the smallest {@code k} that does: the shards spread over the slot ranges that
 * {@code redis-cli --cluster create} gives the masters, and so over the masters.
 */
public final class QueueShards {

    /** The most shards a queue may have. */
    public static final int MAX = 1024;
    private static final int SLOTS = 16_384;

    private final List<Shard> shards;

    private QueueShards(List<Shard> shards) {
        this.shards = List.copyOf(shards);
    }

    /** {@code count} shards; {@code tagged}: named with hash tags even if there is one (a cluster needs them). */
    public static QueueShards of(int count, boolean tagged) {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("a queue has 1 to " + MAX + " shards, not " + count);
        }
        if (count == 1 && !tagged) {
            return new QueueShards(List.of(new Shard(0, null, NotifyQueue.PENDING, NotifyQueue.RETRY,
                    NotifyQueue.INFLIGHT, NotifyQueue.LOCK_PREFIX)));
        }
        List<Shard> shards = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            String tag = tag(s, count);
            shards.add(new Shard(s, tag, "merchant_notify_pending_queue{" + tag + "}",
                    "merchant_notify_retry_queue{" + tag + "}", "merchant_notify_inflight{" + tag + "}",
                    "merchant_notify_lock{" + tag + "}:"));
        }
        return new QueueShards(shards);
    }

    /** Shard {@code s}'s hash tag: {@code s}, or {@code s-k}, whichever first falls in the shard's range of slots. */
    static String tag(int s, int count) {
        long from = (long) s * SLOTS / count;
        long to = (long) (s + 1) * SLOTS / count;
        String tag = String.valueOf(s);
        for (int k = 1; !inRange(JedisClusterCRC16.getSlot(tag), from, to); k++) {
            tag = s + "-" + k;
        }
        return tag;
    }

    private static boolean inRange(int slot, long from, long to) {
        return slot >= from && slot < to;
    }

    public int count() {
        return shards.size();
    }

    public List<Shard> all() {
        return shards;
    }

    /** The shard that holds notification {@code id}. */
    public Shard of(long id) {
        return shards.get((int) Math.floorMod(id, (long) shards.size()));
    }

    /**
     * One shard's keys. {@code tag} is null for the seed's untagged names.
     */
    public record Shard(int index, String tag, String pending, String retry, String inflight, String lockPrefix) {

        /** Its three structures, in the order the scripts take them. */
        List<String> keys() {
            return List.of(pending, retry, inflight);
        }
    }
}
