package dev.merchantnotify.channel;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The channels this node has, by type: where dispatch sends each attempt. */
@ApplicationScoped
public class Channels {

    private static final Logger LOG = Logger.getLogger(Channels.class.getName());

    @Inject
    @Any
    Instance<Channel> installed;

    @Inject
    Clock clock;

    private final Map<String, Channel> byType = new TreeMap<>();

    @PostConstruct
    void init() {
        for (Channel channel : installed) {
            Channel before = byType.put(channel.type(), channel);
            if (before != null) {
                throw new IllegalStateException("Two channels serve the type " + channel.type() + ": "
                        + before.getClass().getName() + " and " + channel.getClass().getName());
            }
        }
        LOG.info(() -> "Channels: " + String.join(", ", byType.keySet()));
    }

    /** The destination types this node can deliver to. */
    public Set<String> types() {
        return Collections.unmodifiableSet(byType.keySet());
    }

    /**
     * Checks a destination's settings with its type's channel ({@link Channel#check}).
     *
     * @throws IllegalArgumentException if no channel serves {@code type} (check {@link #types()} first)
     */
    public CheckedSettings check(String type, JsonObject settings, JsonObject storedSecrets) {
        return channel(type).check(settings, storedSecrets);
    }

    /** A registered destination's target, built by its type's channel ({@link Channel#target}). */
    public Target target(String type, String key, JsonObject settings, JsonObject secrets) {
        return channel(type).target(key, settings, secrets);
    }

    /** Passes each channel the current targets of its type ({@link Channel#retainOnly}); a failing channel is logged. */
    public void retainOnly(Collection<Target> current) {
        Map<String, List<Target>> byChannel = new HashMap<>();
        for (Target target : current) {
            byChannel.computeIfAbsent(target.channel(), k -> new ArrayList<>()).add(target);
        }
        byType.forEach((type, channel) -> {
            try {
                channel.retainOnly(byChannel.getOrDefault(type, List.of()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The " + type + " channel failed to let go of old destinations", e);
            }
        });
    }

    private Channel channel(String type) {
        Channel channel = byType.get(type);
        if (channel == null) {
            throw new IllegalArgumentException("no channel of type " + type + " on this node");
        }
        return channel;
    }

    /**
     * Makes one attempt through its target's channel. The future always completes normally: a channel that throws, or
     * a target of a type this node has no channel for, is a failed attempt.
     */
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Channel channel = byType.get(attempt.target().channel());
        if (channel == null) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(clock.instant(), 0, FailureKind.NETWORK,
                    "no channel of type " + attempt.target().channel() + " on this node"));
        }
        try {
            return channel.send(attempt).handle((outcome, error) -> outcome != null ? outcome
                    : ChannelOutcome.failed(clock.instant(), 0, FailureKind.NETWORK, "delivery failed: " + error));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(clock.instant(), 0, FailureKind.NETWORK,
                    "delivery failed: " + e));
        }
    }
}
