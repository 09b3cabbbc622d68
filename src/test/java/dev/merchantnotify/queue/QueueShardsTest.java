package dev.merchantnotify.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

class QueueShardsTest {

    @Test
    void oneShardOnOneRedisKeepsTheSeedsNames() {
        QueueShards.Shard only = QueueShards.of(1, false).of(12345);
        assertEquals("merchant_notify_pending_queue", only.pending());
        assertEquals("merchant_notify_retry_queue", only.retry());
        assertEquals("merchant_notify_inflight", only.inflight());
        assertEquals("merchant_notify_lock:", only.lockPrefix());
    }

    @Test
    void everyKeyOfAShardIsInOneSlotAndTheShardsCoverTheSlotRangesInOrder() {
        for (int count : new int[] {1, 3, 16, 100}) {
            QueueShards shards = QueueShards.of(count, true);
            Set<String> names = new HashSet<>();
            for (QueueShards.Shard shard : shards.all()) {
                int slot = JedisClusterCRC16.getSlot(shard.pending());
                assertEquals(slot, JedisClusterCRC16.getSlot(shard.retry()), shard.toString());
                assertEquals(slot, JedisClusterCRC16.getSlot(shard.inflight()), shard.toString());
                assertEquals(slot, JedisClusterCRC16.getSlot(shard.lockPrefix() + 987654321L), shard.toString());
                // redis-cli --cluster create gives N masters N equal ranges: shard s lands in range s.
                assertTrue(slot >= shard.index() * 16384L / count && slot < (shard.index() + 1) * 16384L / count,
                        count + " shards: " + shard + " in slot " + slot);
                assertTrue(shard.pending().startsWith("merchant_notify_pending_queue{" + shard.index()), shard.pending());
                names.add(shard.pending());
            }
            assertEquals(count, names.size());
        }
    }

    @Test
    void anIdStaysInOneShardAndConsecutiveIdsSpreadEvenly() {
        QueueShards shards = QueueShards.of(16, true);
        int[] per = new int[16];
        for (long id = 1; id <= 1600; id++) {
            per[shards.of(id).index()]++;
            assertEquals(shards.of(id), shards.of(id));
        }
        for (int n : per) {
            assertEquals(100, n);
        }
    }

    @Test
    void theShardSettingIsAutoOrANumberWithinBounds() {
        assertEquals(1, NotifyQueue.shardCount("auto", false));
        assertEquals(NotifyQueue.CLUSTER_SHARDS, NotifyQueue.shardCount("AUTO", true));
        assertEquals(NotifyQueue.CLUSTER_SHARDS, NotifyQueue.shardCount(" ", true));
        assertEquals(7, NotifyQueue.shardCount("7", false));
        for (String wrong : new String[] {"0", "1025", "many", "-3"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> NotifyQueue.shardCount(wrong, true));
            assertTrue(refused.getMessage().contains("notify.queue.shards") && refused.getMessage().contains(wrong),
                    refused.getMessage());
        }
    }
}
