package dev.merchantnotify.channel.rabbitmq;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.Channel;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.Envelope;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.PerDestination;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import dev.merchantnotify.signing.MerchantSecrets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code rabbitmq} channel: publishes each attempt's {@link Envelope} to a destination's exchange, persistent and
 * {@code mandatory}, on a channel in confirm mode, and reports it delivered when the broker confirms it and returned
 * nothing ({@link Publisher}). Settings: {@link RabbitSettings}.
 *
 * <p>Connections are pooled per broker (address, virtual host and credentials; {@link Broker}), one AMQP channel per
 * destination on it. No thread waits for a confirm: publishing runs on the {@link ChannelThreads} work pool (shared by
 * every broker), confirms arrive on each connection's reader thread, and every deadline on the shared timer. A
 * destination that changes or goes has its channel closed, and a broker no destination uses any more its connection,
 * once their attempts had their time ({@link AttemptLimits#attemptDeadline()}).
 */
@ApplicationScoped
public class RabbitChannel implements Channel {

    /** The destination type. */
    public static final String TYPE = "rabbitmq";

    @Inject
    AttemptLimits limits;

    @Inject
    OutboundGuard guard;

    @Inject
    MerchantSecrets secrets;

    @Inject
    Clock clock;

    @Inject
    ChannelThreads threads;

    private final Map<String, Broker> brokers = new ConcurrentHashMap<>();
    private final PerDestination<Publisher> publishers = new PerDestination<>((key, settings) -> {
        RabbitSettings.Parsed parsed = RabbitSettings.parse(settings);
        return new Publisher(parsed,
                brokers.computeIfAbsent(parsed.connectionKey(), k -> new Broker(parsed, guard, io())));
    }, publisher -> later(publisher::close));

    private Broker.Io io() {
        return new Broker.Io(threads.factory(), threads.work(), threads.timers(), limits.connectTimeout().toMillis(),
                limits.attemptDeadline().toMillis());
    }

    @PreDestroy
    void close() {
        publishers.all().forEach(Publisher::close);
        brokers.values().forEach(Broker::retire);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        return RabbitSettings.check(settings, storedSecrets, guard);
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        JsonObject merged = Target.withSecrets(settings, secrets);
        return new Target(key, TYPE, RabbitSettings.parse(merged).address(), DeliveryFormat.JSON, merged);
    }

    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        Publisher publisher;
        Publish publish;
        try {
            publisher = publishers.of(attempt.target());
            Envelope envelope = Envelope.of(attempt, secrets.keysFor(attempt.target().key()), startedAt);
            publish = new Publish(attempt, envelope, publisher.parsed.routingKey().render(attempt), startedAt, start);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.CONNECT,
                    "the message could not be built: " + e.getMessage()));
        }
        long deadlineMillis = limits.attemptDeadline().toMillis();
        try {
            publish.expireAfter(threads.timers(), deadlineMillis, "no confirm from the broker within "
                    + deadlineMillis + " ms");
            threads.work().execute(() -> publisher.publish(publish));
        } catch (RejectedExecutionException stopping) {
            publish.fail(FailureKind.NETWORK, "the server is stopping");
        }
        return publish.result();
    }

    @Override
    public void retainOnly(Collection<Target> current) {
        publishers.retainOnly(current);
        Set<String> liveBrokers = new HashSet<>();
        for (Target target : current) {
            try {
                liveBrokers.add(RabbitSettings.parse(target.settings()).connectionKey());
            } catch (RuntimeException unusable) {
                // its attempts fail as they come; nothing of it to keep
            }
        }
        brokers.forEach((connectionKey, broker) -> {
            if (!liveBrokers.contains(connectionKey) && brokers.remove(connectionKey, broker)) {
                later(broker::retire);
            }
        });
    }

    /** Runs {@code closing} once what is in flight had its attempt deadline to be confirmed. */
    private void later(Runnable closing) {
        try {
            threads.timers().schedule(closing, limits.attemptDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            closing.run();
        }
    }
}
