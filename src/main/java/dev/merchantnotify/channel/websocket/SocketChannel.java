package dev.merchantnotify.channel.websocket;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.Channel;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.Envelope;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.PendingOutcome;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.signing.MerchantSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The {@code websocket} channel: pushes each attempt as one JSON frame on a socket the merchant's client opened to us
 * ({@link MerchantSocketEndpoint}), and reports it delivered when the merchant acknowledges it
 * ({@code {"type":"ack","id":"msg_42","result":"success"}}) within the request timeout; a written frame is not a
 * delivery. A socket open on another node takes the frame through Redis ({@link SocketRelay}), with the same
 * acknowledgement. A destination with no open socket on any node fails at once ({@link FailureKind#NO_SESSION}), so a
 * failover route moves on and a route to the socket alone retries on its schedule. A negative ack is {@link FailureKind#REJECTED}, no
 * ack in time {@link FailureKind#TIMEOUT}, a socket that closed first {@link FailureKind#NETWORK}.
 *
 * <p>The frame: {@code type} ("notification"), {@code id}, {@code event}, {@code order_no}, {@code attempt}, and
 * {@code body}, the {@link Envelope} exactly as signed (a string: the payload is in it), with {@code timestamp} and
 * {@code signature} the Standard Webhooks way when the destination has a secret (it must have one to connect).
 *
 * <p>There is no host for the outbound guard to judge: the merchant's client comes to us. No thread waits for an ack:
 * the frame is written asynchronously, the ack arrives on the socket's thread, and the timeout on the shared timer.
 */
@ApplicationScoped
public class SocketChannel implements Channel {

    /** The destination type. */
    public static final String TYPE = "websocket";

    @Inject
    SocketSessions sessions;

    @Inject
    SocketRelay relay;

    @Inject
    AttemptLimits limits;

    @Inject
    ChannelThreads threads;

    @Inject
    MerchantSecrets secrets;

    @Inject
    Clock clock;

    @Override
    public String type() {
        return TYPE;
    }

    /** A websocket destination has no settings: the merchant's client comes to us, with the destination's name. */
    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        if (!settings.isEmpty()) {
            throw new InvalidSetting("settings." + settings.keySet().iterator().next(),
                    InvalidSetting.Problem.UNKNOWN_FIELD, "none");
        }
        return new CheckedSettings(JsonObject.EMPTY_JSON_OBJECT, JsonObject.EMPTY_JSON_OBJECT, "websocket",
                DeliveryFormat.JSON);
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        return new Target(key, TYPE, "websocket", DeliveryFormat.JSON, settings);
    }

    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        String key = attempt.target().key();
        Envelope envelope = Envelope.of(attempt, secrets.keysFor(key), startedAt);
        Optional<MerchantSocket> chosen = sessions.pick(key);
        if (chosen.isEmpty()) {
            // Not here: on another node, through Redis, or nowhere (NO_SESSION).
            return relay.forward(key, envelope.webhookId(), frame(attempt, envelope), startedAt, start);
        }
        MerchantSocket socket = chosen.get();
        PendingOutcome waiting = new PendingOutcome(startedAt, start);
        long timeoutMillis = limits.requestTimeout().toMillis();
        try {
            waiting.expireAfter(threads.timers(), timeoutMillis, "no acknowledgement from the merchant within "
                    + timeoutMillis + " ms");
        } catch (RejectedExecutionException stopping) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.NETWORK,
                    "the server is stopping"));
        }
        socket.await(envelope.webhookId(), waiting);
        socket.write(frame(attempt, envelope), error -> waiting.fail(FailureKind.NETWORK,
                "the frame could not be written: " + error.getMessage()));
        sessions.countPushed();
        return waiting.result();
    }

    static String frame(Attempt attempt, Envelope envelope) {
        JsonObjectBuilder frame = Json.createObjectBuilder()
                .add("type", "notification")
                .add("id", envelope.webhookId())
                .add("event", attempt.event())
                .add("order_no", attempt.orderNo())
                .add("attempt", attempt.attemptNo());
        String timestamp = envelope.headers().get(Envelope.WEBHOOK_TIMESTAMP);
        if (timestamp != null) {
            frame.add("timestamp", Long.parseLong(timestamp));
            frame.add("signature", envelope.headers().get(Envelope.WEBHOOK_SIGNATURE));
        }
        return frame.add("body", envelope.body()).build().toString();
    }
}
