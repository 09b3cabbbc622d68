package dev.merchantnotify.channel.sms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The per-account daily SMS cap, counted in Redis so that every node shares it: one counter per account and day,
 * {@code notify:sms:sent:<merchant_no>:<yyyy-MM-dd>} (the day in {@code notify.sms.daily-cap-zone}), kept two days.
 * An attempt reserves one message per number before it is sent, and gives back what the provider did not accept.
 */
final class DailyCap {

    static final String PREFIX = "notify:sms:sent:";
    private static final long KEEP_SECONDS = 2 * 24 * 3600;
    /**
     * Reserves ARGV[1] messages unless that would pass ARGV[2]: the new count, or -1 (nothing reserved). Run with EVAL
     * (a few hundred bytes per SMS attempt; SMS are not the hot path).
     */
    private static final String RESERVE = """
            local count = redis.call('INCRBY', KEYS[1], ARGV[1])
            if count == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
            if tonumber(ARGV[2]) > 0 and count > tonumber(ARGV[2]) then
              redis.call('DECRBY', KEYS[1], ARGV[1])
              return -1
            end
            return count""";

    private final UnifiedJedis redis;
    private final int cap;
    private final ZoneId zone;

    DailyCap(UnifiedJedis redis, int cap, ZoneId zone) {
        this.redis = redis;
        this.cap = cap;
        this.zone = zone;
    }

    int cap() {
        return cap;
    }

    /** The counter's key of an account on the day of {@code at}. */
    String key(String account, Instant at) {
        return PREFIX + account + ":" + LocalDate.ofInstant(at, zone);
    }

    /** Reserves {@code messages} for the account's day: the day's count with them, or -1 when the cap is reached. */
    long reserve(String key, int messages) {
        Object count = redis.eval(RESERVE, List.of(key), List.of(String.valueOf(messages), String.valueOf(cap),
                String.valueOf(KEEP_SECONDS)));
        return ((Number) count).longValue();
    }

    /** Gives back messages reserved but not accepted. */
    void release(String key, int messages) {
        if (messages > 0) {
            redis.decrBy(key, messages);
        }
    }
}
