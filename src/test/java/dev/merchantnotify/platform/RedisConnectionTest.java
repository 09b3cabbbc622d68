package dev.merchantnotify.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisConnectionTest {

    private static final String SETTING = "REDIS_SENTINELS (notify.platform.redis-sentinels)";

    @Test
    void readsAListOfSentinels() {
        assertEquals(List.of(new HostAndPort("s1.internal", 26379), new HostAndPort("10.0.0.2", 26380)),
                List.copyOf(RedisConnection.hostsAndPorts(" s1.internal:26379, 10.0.0.2:26380 ", SETTING)));
    }

    @Test
    void namesTheSettingAndTheEntryThatIsNotAHostAndPort() {
        for (String bad : new String[] {"s1.internal", "s1:", ":26379", "s1:port", "s1:70000", "s1:26379,,s2:1"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RedisConnection.hostsAndPorts(bad, SETTING), bad);
            assertTrue(e.getMessage().startsWith(SETTING), e.getMessage());
        }
    }
}
