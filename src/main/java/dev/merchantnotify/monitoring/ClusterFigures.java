package dev.merchantnotify.monitoring;

import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.QueueCounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The figures every node shares, read for the gauges and the console's dashboard: the queue's counts from Redis (one
 * pipelined round trip) and the merchants by status from the database (one query). A scrape reads several gauges;
 * each source is read at most once a second, whatever the number of gauges, scrapers and open dashboards. A source that does not answer gives no figure (the gauge
 * shows NaN) rather than a stale one.
 */
@ApplicationScoped
public class ClusterFigures {

    private static final Logger LOG = Logger.getLogger(ClusterFigures.class.getName());
    private static final long MAX_AGE_MILLIS = 1_000;

    @Inject
    NotifyQueue queue;

    @Inject
    Merchants merchants;

    @Inject
    Clock clock;

    private final Cached<QueueCounts> queueCounts = new Cached<>();
    private final Cached<Map<MerchantStatus, Long>> merchantCounts = new Cached<>();

    /** The queue's counts, null if Redis does not answer. */
    public QueueCounts queue() {
        return queueCounts.get(clock.millis(), () -> queue.counts(), "the queue's counts from Redis");
    }

    /** Merchants by status, null if the database does not answer. */
    public Map<MerchantStatus, Long> merchants() {
        return merchantCounts.get(clock.millis(), () -> merchants.countByStatus(),
                "the merchants' statuses from the database");
    }

    /** A value read at most once per {@link #MAX_AGE_MILLIS}; a failed read is remembered as such for as long. */
    private static final class Cached<T> {
        private T value;
        private boolean read;
        private long readAtMillis;

        synchronized T get(long nowMillis, Supplier<T> source, String what) {
            if (!read || nowMillis - readAtMillis >= MAX_AGE_MILLIS) {
                read = true;
                readAtMillis = nowMillis;
                try {
                    value = source.get();
                } catch (RuntimeException e) {
                    value = null;
                    LOG.fine(() -> "Metrics: could not read " + what + ": " + e);
                }
            }
            return value;
        }
    }
}
