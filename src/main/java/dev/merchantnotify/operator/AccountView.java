package dev.merchantnotify.operator;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A merchant account as the admin API and the console show it: its number and name, a status that sums up its
 * destinations' health ({@code normal}: every enabled destination delivers; {@code degraded}: some cannot (breaker
 * open, paused) or are slow; {@code down}: none can; {@code no_destinations}), its destinations and its routes. In a
 * list, {@code destinations} and {@code routes} are left out (null) and the counts say how many there are.
 */
@JsonbPropertyOrder({"merchantNo", "name", "enabled", "status", "destinationCount", "routeCount", "createdAt",
        "updatedAt", "destinations", "routes"})
public record AccountView(String merchantNo, String name, boolean enabled, String status, int destinationCount,
                         int routeCount, Instant createdAt, Instant updatedAt, List<DestinationView> destinations,
                         List<RouteView> routes) {

    /** The status that sums up destinations' statuses ({@link DestinationView#status()}), enabled ones only. */
    static String summarise(List<DestinationView> destinations) {
        List<String> statuses = destinations.stream().filter(DestinationView::enabled).map(DestinationView::status)
                .toList();
        if (statuses.isEmpty()) {
            return "no_destinations";
        }
        long blocked = statuses.stream().filter(s -> s.equals("circuit_breaker") || s.equals("paused")).count();
        if (blocked == statuses.size()) {
            return "down";
        }
        return blocked > 0 || statuses.contains("slow") ? "degraded" : "normal";
    }
}
