package dev.merchantnotify.operator;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * A destination as the admin API and the console show it: its settings without secret values (the names of the
 * secrets it holds are listed, never their values), and its health under its destination key (the same fields as a
 * merchant's status: breaker, failures, mean response time, pause).
 *
 * @param address     what the destination is, credentials and query removed (an http destination's URL)
 * @param secretNames the secret settings it holds, by path ({@code headers.Authorization}); values are never shown
 * @param status      {@code normal}, {@code slow}, {@code circuit_breaker} or {@code paused} ({@code disabled} when
 *                    it is switched off)
 * @param sessions    a {@code websocket} destination's sockets open on this node, oldest first (null for other types)
 * @param sessionsElsewhere a {@code websocket} destination's sockets open on the other nodes, as they last reported
 *                    them to Redis (at most 15 s old; null for other types)
 */
@JsonbPropertyOrder({"name", "type", "enabled", "address", "settings", "secretNames", "destinationKey", "status",
        "health", "sessions", "sessionsElsewhere", "createdAt", "updatedAt"})
public record DestinationView(String name, String type, boolean enabled, String address, JsonObject settings,
                             List<String> secretNames, String destinationKey, String status,
                             MerchantStatusView health, List<SessionView> sessions, Integer sessionsElsewhere,
                             Instant createdAt,
                             Instant updatedAt) {

    /**
     * One open socket of a {@code websocket} destination.
     *
     * @param awaiting notifications pushed on it that wait for their acknowledgement
     */
    @JsonbPropertyOrder({"openedAt", "awaiting"})
    public record SessionView(Instant openedAt, int awaiting) {
    }
}
