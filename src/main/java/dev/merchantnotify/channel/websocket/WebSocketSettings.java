package dev.merchantnotify.channel.websocket;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code notify.websocket.*} settings, read once and validated at start-up (a wrong value stops the application
 * with a sentence naming the key). Defaults and meanings are in {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class WebSocketSettings {

    @Inject
    @ConfigProperty(name = "notify.websocket.max-sessions-per-destination")
    int maxSessionsPerDestination;

    @Inject
    @ConfigProperty(name = "notify.websocket.max-sessions")
    int maxSessions;

    @Inject
    @ConfigProperty(name = "notify.websocket.ping-seconds")
    int pingSeconds;

    @Inject
    @ConfigProperty(name = "notify.websocket.handshake-max-age-seconds")
    int handshakeMaxAgeSeconds;

    @PostConstruct
    void validate() {
        require(maxSessionsPerDestination >= 1 && maxSessionsPerDestination <= 1000,
                "notify.websocket.max-sessions-per-destination", "between 1 and 1000");
        require(maxSessions >= 1, "notify.websocket.max-sessions", "at least 1");
        require(pingSeconds >= 1 && pingSeconds <= 3600, "notify.websocket.ping-seconds", "between 1 and 3600");
        require(handshakeMaxAgeSeconds >= 10 && handshakeMaxAgeSeconds <= 3600,
                "notify.websocket.handshake-max-age-seconds", "between 10 and 3600");
    }

    private static void require(boolean valid, String key, String expectation) {
        if (!valid) {
            throw new IllegalStateException("Invalid setting " + key + ": it must be " + expectation);
        }
    }

    /** Open sessions one destination may have on one node. */
    public int maxSessionsPerDestination() {
        return maxSessionsPerDestination;
    }

    /** Open sessions this node takes in all. */
    public int maxSessions() {
        return maxSessions;
    }

    /** How often a session is pinged; one that answered no ping for two of these is closed. */
    public Duration pingInterval() {
        return Duration.ofSeconds(pingSeconds);
    }

    /** How far a handshake's timestamp may be from this node's clock, either way. */
    public Duration handshakeMaxAge() {
        return Duration.ofSeconds(handshakeMaxAgeSeconds);
    }
}
