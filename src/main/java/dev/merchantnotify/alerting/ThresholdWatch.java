package dev.merchantnotify.alerting;

import dev.merchantnotify.deliverylog.DeliveryStats;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The threshold alerts, evaluated every {@code notify.alerting.threshold.interval-seconds} on one node at a time: the
 * pending queue above {@code queue-backlog.threshold}; over the attempts of the last
 * {@code threshold.window-seconds}, the success rate below
 * {@code success-rate.threshold}, the mean response time above {@code response-time.threshold-ms}, the error rate above
 * {@code error-rate.threshold}. A condition that starts to hold is announced at once, repeated every
 * {@code threshold.repeat-seconds} while it holds, and followed by a recovery message when it clears. The three window
 * figures need at least {@code threshold.min-attempts} attempts to start or clear a condition; a window without any
 * attempt clears them (nothing is failing any more).
 * Which conditions hold, and since when they were last announced, is kept in Redis so that all nodes agree.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ThresholdWatch {

    /** HASH: threshold alert type → when it was last announced (epoch ms), present while its condition holds. */
    public static final String STATE = "merchant_notify_alert_state";
    /** STRING: the node evaluating the thresholds this period; expires before the next period. */
    public static final String EVALUATION_LOCK = "merchant_notify_alert_eval";

    private static final Logger LOG = Logger.getLogger(ThresholdWatch.class.getName());

    private static final long QUIET = 0;
    private static final long STARTED = 1;
    private static final long REPEATED = 2;
    private static final long CLEARED = 3;

    /** ARGV = type, holds (1 or 0), now (ms), repeat period (ms). Answers QUIET, STARTED, REPEATED or CLEARED. */
    private static final String TRANSITION = """
            local last = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
            if ARGV[2] == '1' then
              if last < 0 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 1 end
              if tonumber(ARGV[3]) - last >= tonumber(ARGV[4]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) return 2 end
              return 0
            end
            if last >= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) return 3 end
            return 0
            """;

    @Resource
    TimerService timers;

    @Inject
    AlertSettings settings;

    @Inject
    AlertSender sender;

    @Inject
    DeliveryStats stats;

    @Inject
    NotifyQueue queue;

    @Inject
    UnifiedJedis redis;

    @Inject
    Clock clock;

    private AlertMessages messages;

    /** Starts the evaluation once the application is up (its schema migrated). */
    public void schedule(@Observes Startup startup) {
        messages = new AlertMessages(settings.language(), settings.zone());
        if (settings.enabledThresholdTypes().isEmpty()) {
            LOG.info("Threshold alerts are all switched off");
            return;
        }
        long interval = settings.evaluationInterval().toMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("threshold alerts", false));
    }

    @Timeout
    void evaluate() {
        try {
            long interval = settings.evaluationInterval().toMillis();
            // One node a period: the lock lapses a little before the next period starts.
            if (redis.set(EVALUATION_LOCK, "1", SetParams.setParams().nx().px(Math.max(1, interval * 9 / 10))) != null) {
                evaluateNow();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Evaluating the alert thresholds failed; trying again next period: " + e, e);
        }
    }

    private void evaluateNow() {
        Instant now = clock.instant();
        Set<AlertType> types = settings.enabledThresholdTypes();
        long backlog = types.contains(AlertType.QUEUE_BACKLOG) ? queue.pendingCount() : 0;
        DeliveryStats.Recent recent = types.stream().anyMatch(type -> type != AlertType.QUEUE_BACKLOG)
                ? stats.since(now.minus(settings.window())) : new DeliveryStats.Recent(0, 0, 0, 0);
        // Too few attempts say nothing either way: the state stays as it is. No attempt at all: nothing is failing.
        Boolean evidence = recent.attempts() == 0 ? Boolean.FALSE
                : recent.attempts() >= settings.minAttempts() ? Boolean.TRUE : null;
        for (AlertType type : types) {
            Boolean holds;
            String figure;
            String threshold;
            switch (type) {
                case QUEUE_BACKLOG -> {
                    holds = backlog > settings.queueBacklogThreshold();
                    figure = messages.count(backlog);
                    threshold = messages.count(settings.queueBacklogThreshold());
                }
                case SUCCESS_RATE -> {
                    holds = evidence == Boolean.TRUE ? Boolean.valueOf(recent.successRate() < settings.successRateThreshold()) : evidence;
                    figure = recent.successRate() == null ? "-" : messages.percent(recent.successRate());
                    threshold = messages.percent(settings.successRateThreshold());
                }
                case RESPONSE_TIME -> {
                    holds = evidence == Boolean.TRUE ? Boolean.valueOf(recent.meanMillis() > settings.responseTimeThresholdMillis()) : evidence;
                    figure = recent.meanMillis() == null ? "-" : messages.millis(recent.meanMillis());
                    threshold = messages.millis(settings.responseTimeThresholdMillis());
                }
                case ERROR_RATE -> {
                    holds = evidence == Boolean.TRUE ? Boolean.valueOf(recent.errorRate() > settings.errorRateThreshold()) : evidence;
                    figure = recent.errorRate() == null ? "-" : messages.percent(recent.errorRate());
                    threshold = messages.percent(settings.errorRateThreshold());
                }
                default -> throw new IllegalStateException(type + " is not a threshold alert");
            }
            if (holds == null) {
                continue;
            }
            Object transition = redis.eval(TRANSITION, List.of(STATE), List.of(type.apiName(), holds ? "1" : "0",
                    String.valueOf(now.toEpochMilli()), String.valueOf(settings.thresholdRepeat().toMillis())));
            long change = transition instanceof Long value ? value : QUIET;
            if (change == QUIET) {
                continue;
            }
            boolean cleared = change == CLEARED;
            String shown = figure;
            LOG.log(cleared ? Level.INFO : Level.WARNING, () -> "Threshold " + type.apiName() + (cleared ? " cleared" :
                    change == STARTED ? " exceeded" : " still exceeded") + ": " + shown + " (threshold " + threshold + ")");
            AlertLevel level = settings.level(type);
            sender.send(new AlertDraft(now, type, level, "automatic", null, null, messages.threshold(type, level,
                    cleared, now, figure, threshold, settings.window(),
                    type == AlertType.QUEUE_BACKLOG ? -1 : recent.attempts()), cleared));
        }
    }
}
