package dev.merchantnotify.routing;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The routing's version, shared by every node: Redis key {@code merchant_notify_routing_version} (a counter), raised
 * after each committed change of an account, destination or route. Each node's {@link RoutingTable} compares it with
 * the version it read last and reads the routing again when it moved; this node's own changes are seen at once.
 */
@ApplicationScoped
public class RoutingVersion {

    public static final String KEY = "merchant_notify_routing_version";
    /** How often a node reads the routing again even when the version did not move (Redis was down at a change). */
    public static final int FULL_RELOAD_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(RoutingVersion.class.getName());

    @Inject
    UnifiedJedis redis;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    /** Raised by this node's own changes, so its table reloads without waiting for Redis. */
    private final AtomicLong localChanges = new AtomicLong();

    /** Raises the version once the current transaction has committed. */
    void bumpAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    localChanges.incrementAndGet();
                    try {
                        redis.incr(KEY);
                    } catch (RuntimeException e) {
                        LOG.warning(() -> "Redis unavailable: other nodes see this routing change within "
                                + FULL_RELOAD_SECONDS + " s instead of at once (" + e + ")");
                    }
                }
            }
        });
    }

    /** The version as every node sees it, joined with this node's own changes (one round trip). */
    Stamp read() {
        String shared = redis.get(KEY);
        return new Stamp(shared == null ? 0 : Long.parseLong(shared), localChanges.get());
    }

    /** This node's own changes only (when Redis does not answer). */
    long localChanges() {
        return localChanges.get();
    }

    /** A version read: the shared counter and this node's own changes. */
    record Stamp(long shared, long local) {
    }
}
