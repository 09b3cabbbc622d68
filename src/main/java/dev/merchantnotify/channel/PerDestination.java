package dev.merchantnotify.channel;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * What a channel keeps open for each destination (a broker's AMQP channel, a Kafka producer), made for the
 * destination's current settings: made on first use, made again when the settings change, and handed to
 * {@code retire} when they changed or the destination went. Retiring is the channel's to time: what the old resource
 * still has in flight should get its attempt deadline to finish.
 *
 * @param <R> the resource
 */
public final class PerDestination<R> {

    private record Held<R>(JsonObject settings, R resource) {
        boolean isFor(JsonObject current) {
            return settings == current || settings.equals(current);
        }
    }

    private final Map<String, Held<R>> held = new ConcurrentHashMap<>();
    private final BiFunction<String, JsonObject, R> make;
    private final Consumer<R> retire;

    /**
     * @param make   makes a destination's resource from its key and settings (may throw for unusable settings)
     * @param retire takes a resource that is no longer current
     */
    public PerDestination(BiFunction<String, JsonObject, R> make, Consumer<R> retire) {
        this.make = make;
        this.retire = retire;
    }

    /** The target's resource at its settings. */
    public R of(Target target) {
        Held<R> current = held.get(target.key());
        if (current != null && current.isFor(target.settings())) {
            return current.resource;
        }
        return held.compute(target.key(), (key, before) -> {
            if (before != null && before.isFor(target.settings())) {
                return before;
            }
            if (before != null) {
                retire.accept(before.resource);
            }
            return new Held<>(target.settings(), make.apply(key, target.settings()));
        }).resource;
    }

    /** Retires every resource whose destination is not among {@code current}, or is there with other settings. */
    public void retainOnly(Collection<Target> current) {
        Map<String, JsonObject> live = new HashMap<>();
        current.forEach(target -> live.put(target.key(), target.settings()));
        held.forEach((key, kept) -> {
            JsonObject settings = live.get(key);
            if ((settings == null || !kept.isFor(settings)) && held.remove(key, kept)) {
                retire.accept(kept.resource);
            }
        });
    }

    /** Every resource held now (to close them all when the application stops). */
    public List<R> all() {
        return held.values().stream().map(Held::resource).toList();
    }
}
