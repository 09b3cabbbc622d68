package dev.merchantnotify.merchant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.Response;

/**
 * Merchant health in Redis, shared by every node: the hash {@code merchant_notify_merchant:{key}} (failures, breaker
 * state and times, slow flag, mean response time, {@code paused_at} while an operator has paused it, version), the
 * list {@code merchant_notify_rt:{key}} (the last {@code notify.merchant.window-size} response times in ms) and the set
 * {@code merchant_notify_paused} (the keys of the paused merchants). The database's {@code merchant} row is where a
 * pause is kept for good ({@link Merchants#pause}); Redis carries it to every node's dispatch and is brought back in
 * step with the database by {@link Merchants#reconcilePauses}.
 *
 * <p>Reads and writes are batched: one pipeline reads every merchant of a claimed batch; recording a batch of outcomes
 * is one pipeline for the response times and current states and one for the writes. Every write is a compare-and-set
 * on the version field, so nodes never overwrite each other's transitions; the loser re-reads and applies its outcomes
 * again. The state machine itself is {@link Breaker}.
 */
@ApplicationScoped
public class MerchantRegistry {

    public static final String HEALTH_PREFIX = "merchant_notify_merchant:";
    public static final String RESPONSE_TIMES_PREFIX = "merchant_notify_rt:";
    public static final String PAUSED = "merchant_notify_paused";

    private static final Logger LOG = Logger.getLogger(MerchantRegistry.class.getName());

    /** KEYS[1] the hash; ARGV[1] the expected version; then field, value pairs. 1 if written, 0 if the version moved. */
    private static final String COMPARE_AND_SET = """
            local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
            if version ~= tonumber(ARGV[1]) then return 0 end
            for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            redis.call('HSET', KEYS[1], 'version', version + 1)
            return 1
            """;

    /**
     * Pauses (ARGV[1] = the time, epoch ms) or resumes (ARGV[1] = '') the merchant in its hash KEYS[1], ARGV[2] its status
     * after. Bumps the version, so a breaker write read before it is refused and re-read. The set of paused merchants
     * is written by a command of its own: on a Redis Cluster it lives in another slot.
     */
    private static final String SET_PAUSED = """
            if ARGV[1] == '' then
              redis.call('HDEL', KEYS[1], 'paused_at')
            else
              redis.call('HSET', KEYS[1], 'paused_at', ARGV[1])
            end
            redis.call('HSET', KEYS[1], 'status', ARGV[2])
            redis.call('HINCRBY', KEYS[1], 'version', 1)
            return 1
            """;

    /**
     * KEYS[1] the merchant's response times (newest first); ARGV[1] the window's size, then a batch's times (ms), newest
     * last. Pushes them, keeps the newest ARGV[1], and returns the window's sum and length: the mean is all the health
     * needs, so the window itself never crosses the network (reading it back made merchant health 14 % of the server's
     * allocation in the benchmark's scenario A).
     */
    private static final String ADD_TO_WINDOW = """
            for i = 2, #ARGV, 1000 do
              redis.call('LPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
            end
            if #ARGV > 1 then redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1) end
            local times = redis.call('LRANGE', KEYS[1], 0, -1)
            local sum = 0
            for i = 1, #times do sum = sum + tonumber(times[i]) end
            return {sum, #times}
            """;

    /** A merchant's window of response times: their sum and how many (ms). */
    private record Window(long sum, int size) {

        static Window of(Object reply) {
            List<?> values = (List<?>) reply;
            return new Window((Long) values.get(0), ((Long) values.get(1)).intValue());
        }

        long mean() {
            return size == 0 ? 0 : sum / size;
        }
    }

    /** Sets an alert's time field unless it was set less than a period ago: ARGV = field, now, period (ms). */
    private static final String CLAIM_ALERT = """
            local last = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            if tonumber(ARGV[2]) - last < tonumber(ARGV[3]) then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """;

    @Inject
    UnifiedJedis redis;

    @Inject
    MerchantSettings settings;

    @Inject
    Clock clock;

    @Inject
    Event<BreakerOpened> breakerOpened;

    @Inject
    Event<BreakerClosed> breakerClosed;

    @Inject
    Event<MerchantTurnedSlow> turnedSlow;

    @Inject
    Event<MerchantRecovered> recovered;

    private Breaker breaker;

    @PostConstruct
    void init() {
        breaker = new Breaker(settings);
    }

    public Breaker breaker() {
        return breaker;
    }

    /** The health of these merchants, in one round trip; merchants never seen come back as {@link MerchantHealth#unknown}. */
    public Map<String, MerchantHealth> read(Collection<String> merchantKeys) {
        Map<String, Response<Map<String, String>>> responses = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String key : new LinkedHashSet<>(merchantKeys)) {
                responses.put(key, pipeline.hgetAll(HEALTH_PREFIX + key));
            }
            pipeline.sync();
        }
        Map<String, MerchantHealth> health = new LinkedHashMap<>();
        responses.forEach((key, response) -> health.put(key, parse(key, response.get())));
        return health;
    }

    public MerchantHealth read(String merchantKey) {
        return read(List.of(merchantKey)).get(merchantKey);
    }

    /**
     * Tries to make this node's next delivery to the merchant the half-open probe. Only one caller, across all nodes,
     * wins for a given open period; the others defer.
     */
    public boolean tryStartProbe(MerchantHealth health, long probeLeaseMillis) {
        return compareAndSet(health, breaker.startProbe(health, clock.millis(), probeLeaseMillis));
    }

    /**
     * Applies a batch of attempt outcomes: response times, failures, breaker transitions; fires the events. Two round
     * trips for the whole batch: one pipeline adds the response times to the windows (returning each one's sum and
     * length) and reads the current states, one writes every changed merchant. Only a merchant whose write lost to
     * another node is read and written again.
     */
    public void record(List<AttemptReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        Map<String, List<AttemptReport>> byMerchant = new LinkedHashMap<>();
        reports.forEach(report -> byMerchant.computeIfAbsent(report.merchantKey(), k -> new ArrayList<>()).add(report));
        Map<String, Response<Object>> windows = new LinkedHashMap<>();
        Map<String, Response<Map<String, String>>> states = new LinkedHashMap<>();
        String windowSize = String.valueOf(settings.windowSize());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            byMerchant.forEach((key, list) -> {
                List<String> args = new ArrayList<>(list.size() + 1);
                args.add(windowSize);
                for (AttemptReport report : list) {
                    if (report.responseMillis() >= 0) {
                        args.add(String.valueOf(report.responseMillis()));
                    }
                }
                windows.put(key, pipeline.eval(ADD_TO_WINDOW, List.of(RESPONSE_TIMES_PREFIX + key), args));
                states.put(key, pipeline.hgetAll(HEALTH_PREFIX + key));
            });
            pipeline.sync();
        }
        Map<String, MerchantHealth> before = new LinkedHashMap<>();
        Map<String, MerchantHealth> after = new LinkedHashMap<>();
        Map<String, Response<Object>> writes = new LinkedHashMap<>();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            byMerchant.forEach((key, list) -> {
                MerchantHealth current = parse(key, states.get(key).get());
                MerchantHealth next = apply(current, list, Window.of(windows.get(key).get()));
                before.put(key, current);
                after.put(key, next);
                if (!next.equals(current)) {
                    writes.put(key, pipeline.eval(COMPARE_AND_SET, List.of(HEALTH_PREFIX + key), writeArgs(current, next)));
                }
            });
            pipeline.sync();
        }
        byMerchant.forEach((key, list) -> {
            Response<Object> write = writes.get(key);
            if (write == null || Long.valueOf(1).equals(write.get())) {
                announce(before.get(key), after.get(key), list.get(0).notifyUrl());
            } else {
                recordAlone(key, list, Window.of(windows.get(key).get()));
            }
        });
    }

    /** Another node changed the merchant between our read and our write: read, apply and write again. */
    private void recordAlone(String key, List<AttemptReport> reports, Window window) {
        for (int attempt = 0; attempt < 5; attempt++) {
            MerchantHealth current = read(key);
            MerchantHealth next = apply(current, reports, window);
            if (next.equals(current) || compareAndSet(current, next)) {
                announce(current, next, reports.get(0).notifyUrl());
                return;
            }
        }
        LOG.warning(() -> "merchant_key=" + key + " changed too often to record " + reports.size() + " outcome(s)");
    }

    /**
     * Whether this caller may announce the merchant's alert now: true for the first caller, on any node, in each
     * {@code period}; the time is kept in the merchant's hash as {@code alerted_<alertName>} (epoch ms).
     */
    public boolean claimAlert(String merchantKey, String alertName, Duration period) {
        Object claimed = redis.eval(CLAIM_ALERT, List.of(HEALTH_PREFIX + merchantKey),
                List.of("alerted_" + alertName, String.valueOf(clock.millis()), String.valueOf(period.toMillis())));
        return Long.valueOf(1).equals(claimed);
    }

    /** The merchant's recent response times (ms), oldest first: at most {@code notify.merchant.window-size}. */
    public List<Long> responseTimes(String merchantKey) {
        List<Long> times = new ArrayList<>(redis.lrange(RESPONSE_TIMES_PREFIX + merchantKey, 0, -1).stream()
                .map(Long::valueOf).toList());
        Collections.reverse(times);
        return times;
    }

    /** Closes the merchant's breaker and clears its failures (an operator's reset); returns the health it wrote. */
    public MerchantHealth reset(String merchantKey, String notifyUrl) {
        return close(merchantKey, notifyUrl, "reset by an operator", true);
    }

    /**
     * Closes the merchant's breaker and clears its failures because it can be reached again (its socket connected);
     * returns the health it wrote.
     */
    public MerchantHealth reachable(String merchantKey, String notifyUrl, String why) {
        return close(merchantKey, notifyUrl, "closed: " + why, false);
    }

    private MerchantHealth close(String merchantKey, String notifyUrl, String how, boolean byOperator) {
        for (int attempt = 0; attempt < 10; attempt++) {
            MerchantHealth before = read(merchantKey);
            MerchantHealth after = breaker.reset(before);
            if (!byOperator && before.equals(after)) {
                return before; // nothing to close: no write
            }
            if (compareAndSet(before, after)) {
                if (before.breaker() != BreakerState.CLOSED) {
                    LOG.info(() -> "merchant_key=" + merchantKey + " breaker " + how);
                    breakerClosed.fire(new BreakerClosed(merchantKey, notifyUrl, byOperator));
                }
                // What the reset wrote, not a re-read: an attempt recorded meanwhile (a probe that was under way)
                // would show as the reset's result (CI: failure_count 1 in the reset's answer).
                return after;
            }
        }
        throw new IllegalStateException("the breaker of merchant " + merchantKey + " changed too often to be reset");
    }

    /**
     * Marks the merchant paused (or not) for every node's dispatch; returns its health after. The pause itself is kept
     * in the database ({@link Merchants#pause}): Redis is marked just before a pause commits, cleared just after a
     * resume commits, and {@link Merchants#reconcilePauses} mends a difference.
     */
    public MerchantHealth setPaused(String merchantKey, boolean paused) {
        MerchantHealth after = read(merchantKey).withPaused(paused);
        // The set first on a pause and last on a resume: dispatch, which goes by the set, holds the merchant's
        // notifications back from the first write of a pause to the last write of a resume.
        if (paused) {
            redis.sadd(PAUSED, merchantKey);
        }
        redis.eval(SET_PAUSED, List.of(HEALTH_PREFIX + merchantKey),
                List.of(paused ? String.valueOf(clock.millis()) : "", after.status().apiName()));
        if (!paused) {
            redis.srem(PAUSED, merchantKey);
        }
        return after;
    }

    /** When the merchant was paused as Redis has it (epoch ms), 0 when it is not. */
    public long pausedAtMillis(String merchantKey) {
        return longOf(redis.hget(HEALTH_PREFIX + merchantKey, "paused_at"));
    }

    /** The keys of the merchants paused as Redis has it (one round trip): what dispatch goes by. */
    public Set<String> pausedKeys() {
        return redis.smembers(PAUSED);
    }

    private MerchantHealth apply(MerchantHealth health, List<AttemptReport> reports, Window window) {
        long now = clock.millis();
        for (AttemptReport report : reports) {
            health = breaker.afterAttempt(health, report.success(), report.probe(), now);
        }
        long mean = window.mean();
        return health.withResponseTimes(breaker.isSlow(mean, window.size()), mean);
    }

    private void announce(MerchantHealth before, MerchantHealth after, String notifyUrl) {
        String key = after.merchantKey();
        String where = forLog(notifyUrl);
        if (before.breaker() != BreakerState.OPEN && after.breaker() == BreakerState.OPEN) {
            Instant until = Instant.ofEpochMilli(after.openUntilMillis());
            boolean probeFailed = before.breaker() == BreakerState.HALF_OPEN;
            LOG.warning(() -> "merchant_key=" + key + " breaker OPEN " + (probeFailed ? "again: the probe failed" : "after "
                    + after.consecutiveFailures() + " consecutive failures") + ", until " + until + " (" + where + ")");
            breakerOpened.fire(new BreakerOpened(key, notifyUrl, after.consecutiveFailures(), until, probeFailed));
        } else if (before.breaker() != BreakerState.CLOSED && after.breaker() == BreakerState.CLOSED) {
            LOG.info(() -> "merchant_key=" + key + " breaker closed: the probe succeeded (" + where + ")");
            breakerClosed.fire(new BreakerClosed(key, notifyUrl, false));
        }
        if (!before.slow() && after.slow()) {
            LOG.warning(() -> "merchant_key=" + key + " is SLOW: mean response " + after.meanResponseMillis() + " ms ("
                    + where + ")");
            turnedSlow.fire(new MerchantTurnedSlow(key, notifyUrl, after.meanResponseMillis()));
        } else if (before.slow() && !after.slow()) {
            LOG.info(() -> "merchant_key=" + key + " recovered: mean response " + after.meanResponseMillis() + " ms");
            recovered.fire(new MerchantRecovered(key, notifyUrl, after.meanResponseMillis()));
        }
    }

    /**
     * The merchant's URL as logs show it: scheme, host, port and path. A notify URL's query or user part may carry a
     * merchant's token, and logs are read by more people than the database. Another channel's destination address
     * ({@code kafka://host:9092 topic orders}) is shown as it is: its channel builds it without secrets.
     */
    private static String forLog(String notifyUrl) {
        if (!notifyUrl.startsWith("http://") && !notifyUrl.startsWith("https://") && notifyUrl.contains("://")) {
            return notifyUrl;
        }
        try {
            return MerchantKey.normalise(URI.create(notifyUrl));
        } catch (RuntimeException e) {
            return "an unreadable notify_url";
        }
    }

    private boolean compareAndSet(MerchantHealth expected, MerchantHealth next) {
        Object written = redis.eval(COMPARE_AND_SET, List.of(HEALTH_PREFIX + expected.merchantKey()),
                writeArgs(expected, next));
        return Long.valueOf(1).equals(written);
    }

    private static List<String> writeArgs(MerchantHealth expected, MerchantHealth next) {
        return List.of(String.valueOf(expected.version()),
                "failures", String.valueOf(next.consecutiveFailures()),
                "breaker", next.breaker().apiName(),
                "open_until", String.valueOf(next.openUntilMillis()),
                "probe_until", String.valueOf(next.probeUntilMillis()),
                "slow", next.slow() ? "1" : "0",
                "mean_rt", String.valueOf(next.meanResponseMillis()),
                "status", next.status().apiName());
    }

    private static MerchantHealth parse(String key, Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return MerchantHealth.unknown(key);
        }
        return new MerchantHealth(key, intOf(hash.get("failures")), BreakerState.fromApiName(hash.get("breaker")),
                longOf(hash.get("open_until")), longOf(hash.get("probe_until")), "1".equals(hash.get("slow")),
                longOf(hash.get("mean_rt")), hash.containsKey("paused_at"), longOf(hash.get("version")));
    }

    private static int intOf(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static long longOf(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
