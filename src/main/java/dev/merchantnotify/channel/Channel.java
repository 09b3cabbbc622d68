package dev.merchantnotify.channel;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * One way of reaching a merchant (a destination type): {@code http}, {@code rabbitmq}, {@code kafka},
 * {@code websocket}, {@code email}. Dispatch hands every attempt to
 * {@link Channels}, which hands it to the channel of the attempt's target; dispatch knows nothing of any channel.
 *
 * <p>A channel's contract:
 * <ul>
 *   <li>{@link #send} never blocks the caller and never parks a thread per attempt while the far side works: the
 *       future completes from the channel's own I/O threads.</li>
 *   <li>The future always completes normally, with a success or a failure of one of the shared
 *       {@link FailureKind}s, by the attempt deadline of {@link AttemptLimits} at the latest.</li>
 *   <li>Success is what the far side confirms (a merchant's answer, a broker's confirm, a provider's acceptance),
 *       never "written to a socket".</li>
 *   <li>A target's host is judged by the outbound guard ({@code dev.merchantnotify.security}) before anything is sent
 *       to it, whatever the channel; a blocked target fails with {@link FailureKind#BLOCKED}.</li>
 * </ul>
 * A new channel is one package under {@code dev.merchantnotify.channel} with an {@code @ApplicationScoped} bean that
 * implements this interface.
 */
public interface Channel {

    /** The destination type this channel serves, as stored and shown in the API ({@code http}...). */
    String type();

    /**
     * Checks a destination's settings for this type and splits them into plain settings and secret values.
     *
     * @param settings      what the operator gave
     * @param storedSecrets the destination's secret values as stored, when it is changed (an empty object for a new
     *                      one): a secret the operator leaves {@code null} keeps its stored value
     * @throws InvalidSetting naming the first field at fault ({@code settings.url}...)
     */
    CheckedSettings check(JsonObject settings, JsonObject storedSecrets);

    /**
     * The target of a registered destination of this type, from the settings {@link #check} accepted: built once per
     * version of the destination, not per attempt.
     *
     * @param key      the destination key
     * @param settings the plain settings as stored
     * @param secrets  the secret values, decrypted
     */
    Target target(String key, JsonObject settings, JsonObject secrets);

    /** Makes one attempt; see the contract above. */
    CompletableFuture<ChannelOutcome> send(Attempt attempt);

    /**
     * Tells the channel which of its destinations the routing has now, each at its current settings (called after the
     * routing is read, on every node): what the channel keeps open for a destination no longer among them, or for an
     * earlier version of one (a producer, a connection), it may close. A channel that keeps nothing ignores it.
     */
    default void retainOnly(Collection<Target> current) {
    }
}
