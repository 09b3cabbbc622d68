package dev.merchantnotify.routing;

import java.util.Locale;
import java.util.Optional;

/** How a route spreads a notification over its members. */
public enum Strategy {
    /** One destination. */
    SINGLE,
    /**
     * Tier by tier, member by member: the first healthy member gets the notification; after {@code failover_after}
     * failed attempts there it moves on at once; when every member has failed, the retry schedule applies to the route.
     */
    FAILOVER,
    /** A tier's healthy members share the load by weight (smooth weighted round robin), or one per order if sticky. */
    WEIGHTED,
    /** Every member receives it; required members must all succeed, copies never change its status. */
    BROADCAST;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Strategy> fromApiName(String name) {
        for (Strategy strategy : values()) {
            if (strategy.apiName().equals(name)) {
                return Optional.of(strategy);
            }
        }
        return Optional.empty();
    }
}
