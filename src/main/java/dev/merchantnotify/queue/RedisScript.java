package dev.merchantnotify.queue;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by its SHA, loaded again when Redis has forgotten it (restart, {@code SCRIPT FLUSH}). */
final class RedisScript {

    private final String source;
    private volatile String sha;

    RedisScript(String source) {
        this.source = source;
    }

    Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        String current = sha;
        if (current == null) {
            current = load(redis);
        }
        try {
            return redis.evalsha(current, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.evalsha(load(redis), keys, args);
        }
    }

    private String load(UnifiedJedis redis) {
        String loaded = redis.scriptLoad(source);
        sha = loaded;
        return loaded;
    }
}
