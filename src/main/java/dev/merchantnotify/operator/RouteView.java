package dev.merchantnotify.operator;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A route as the admin API and the console show it: its event pattern, strategy and members as tiers (tier 1 first).
 *
 * @param failoverAfter failed attempts at one member before a failover route moves on
 * @param sticky        a weighted route keeps one order on one member
 */
@JsonbPropertyOrder({"routeId", "eventPattern", "strategy", "sticky", "failoverAfter", "enabled", "tiers", "createdAt",
        "updatedAt"})
public record RouteView(long routeId, String eventPattern, String strategy, boolean sticky, int failoverAfter,
                        boolean enabled, List<List<Member>> tiers, Instant createdAt, Instant updatedAt) {

    /** A member: its destination's name, its weight (weighted routes) and role (broadcast routes). */
    @JsonbPropertyOrder({"destination", "weight", "role"})
    public record Member(String destination, int weight, String role) {
    }
}
