package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.DestinationReachable;
import dev.merchantnotify.merchant.MerchantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * A destination that can be reached again (a merchant's socket connected) does not wait for its breaker's period or
 * its notifications' retry times: its breaker closes, and its waiting notifications (at most {@value #LIMIT} at a time,
 * oldest first; the rest keep their times) become due at once, paced by its lane like any backlog.
 */
@ApplicationScoped
public class BacklogRelease {

    private static final Logger LOG = Logger.getLogger(BacklogRelease.class.getName());
    /** The most notifications one connection makes due at once. */
    static final int LIMIT = 10_000;

    @Inject
    MerchantRegistry registry;

    @Inject
    Redelivery redelivery;

    void onReachable(@ObservesAsync DestinationReachable reachable) {
        try {
            registry.reachable(reachable.destinationKey(), reachable.address(), reachable.why());
            int due = redelivery.dueNow(reachable.destinationKey(), LIMIT);
            if (due > 0) {
                LOG.info(() -> "merchant_key=" + reachable.destinationKey() + " " + reachable.why() + ": " + due
                        + " waiting notification(s) due now");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "merchant_key=" + reachable.destinationKey() + " " + reachable.why() + ", but what waits "
                    + "for it keeps its times: " + e);
        }
    }
}
