package dev.merchantnotify.channel.kafka;

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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The {@code kafka} channel: sends each attempt's {@link Envelope} as one record to a destination's topic, keyed by
 * its key template ({@code order_no} by default), with the Standard Webhooks headers, through an idempotent
 * {@code acks=all} producer ({@link TopicProducer}, one per destination). Delivered when the cluster acknowledged the
 * record; its partition and offset are the attempt's provider reference ({@code orders/2@1234}). Settings:
 * {@link KafkaSettings}.
 *
 * <p>No thread waits for an acknowledgement: a destination's producer is made on the {@link ChannelThreads} opening
 * pool (it asks the cluster for the topic and its partitions), records are handed to it on the work pool, and each
 * producer's own I/O thread completes them. A record is handed over only while the producer's answer is due within
 * the attempt's deadline, so an attempt that ended is never written later.
 */
@ApplicationScoped
public class KafkaChannel implements Channel {

    /** The destination type. */
    public static final String TYPE = "kafka";

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

    private final PerDestination<TopicProducer> producers = new PerDestination<>((key, settings) ->
            new TopicProducer(key, KafkaSettings.parse(settings), guard, clientLimits()), this::closeLater);

    @PreDestroy
    void close() {
        producers.all().forEach(TopicProducer::close);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        return KafkaSettings.check(settings, storedSecrets, guard);
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        JsonObject merged = Target.withSecrets(settings, secrets);
        return new Target(key, TYPE, KafkaSettings.parse(merged).address(), DeliveryFormat.JSON, merged);
    }

    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        long deadlineMillis = limits.attemptDeadline().toMillis();
        CompletableFuture<ChannelOutcome> result = new CompletableFuture<ChannelOutcome>().completeOnTimeout(
                ChannelOutcome.failed(startedAt, deadlineMillis, FailureKind.TIMEOUT, "no acknowledgement from the "
                        + "cluster within " + deadlineMillis + " ms"), deadlineMillis, TimeUnit.MILLISECONDS);
        TopicProducer destination;
        ProducerRecord<String, byte[]> record;
        try {
            destination = producers.of(attempt.target());
            Envelope envelope = Envelope.of(attempt, secrets.keysFor(attempt.target().key()), startedAt);
            List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
            headers.add(new RecordHeader("content-type", "application/json".getBytes(StandardCharsets.UTF_8)));
            envelope.headers().forEach((name, value) ->
                    headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            record = new ProducerRecord<>(destination.parsed.topic(), null, destination.parsed.key().render(attempt),
                    envelope.body().getBytes(StandardCharsets.UTF_8), headers);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.CONNECT,
                    "the record could not be built: " + e.getMessage()));
        }
        try {
            destination.producer(threads.opening()).whenCompleteAsync((producer, error) -> {
                if (error == null) {
                    produce(destination, producer, record, result, startedAt, start);
                } else {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    TopicProducer.Failure failure = cause instanceof TopicProducer.Failure made ? made
                            : new TopicProducer.Failure(FailureKind.NETWORK, "the producer could not be made: " + cause);
                    result.complete(ChannelOutcome.failed(startedAt, elapsed(start), failure.kind,
                            failure.getMessage()));
                }
            }, threads.work());
        } catch (RejectedExecutionException stopping) {
            result.complete(ChannelOutcome.failed(startedAt, 0, FailureKind.NETWORK, "the server is stopping"));
        }
        return result;
    }

    private void produce(TopicProducer destination, KafkaProducer<String, byte[]> producer,
                         ProducerRecord<String, byte[]> record, CompletableFuture<ChannelOutcome> result,
                         Instant startedAt, long start) {
        if (result.isDone()) {
            return; // its deadline passed while it waited (for its producer, or for this thread): not sent at all
        }
        TopicProducer.Limits clientLimits = clientLimits();
        long waited = elapsed(start);
        if (waited + destination.deliveryTimeoutMillis() > clientLimits.deadlineMillis()) {
            // The producer would hold the record past the attempt's deadline, and could write it after the attempt
            // was given up and retried: not sent, so it cannot arrive twice.
            result.complete(ChannelOutcome.failed(startedAt, waited, FailureKind.CONNECT, "not sent: the producer "
                    + "for topic '" + destination.parsed.topic() + "' was ready only after " + waited + " ms, too late "
                    + "for the cluster to acknowledge within the attempt's " + clientLimits.deadlineMillis() + " ms"));
            return;
        }
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    result.complete(ChannelOutcome.delivered(startedAt, elapsed(start)).providerRef(
                            metadata.topic() + "/" + metadata.partition() + "@" + metadata.offset()));
                    return;
                }
                if (error instanceof ProducerFencedException || error instanceof OutOfOrderSequenceException) {
                    destination.reset(producer);
                }
                TopicProducer.Failure failure = KafkaFailures.of(error, destination.parsed, clientLimits);
                result.complete(ChannelOutcome.failed(startedAt, elapsed(start), failure.kind, failure.getMessage()));
            });
        } catch (KafkaException | IllegalStateException e) {
            // Thrown by send itself: no metadata for the topic in time (the cluster is unreachable, or the topic went),
            // a record too large for the producer, a closed or broken producer.
            TopicProducer.Failure failure = e instanceof org.apache.kafka.common.errors.TimeoutException
                    ? new TopicProducer.Failure(FailureKind.CONNECT, "no metadata for topic '"
                    + destination.parsed.topic() + "' from the cluster within " + clientLimits.connectMillis()
                    + " ms: it is unreachable, or the topic is gone")
                    : e instanceof IllegalStateException
                    ? new TopicProducer.Failure(FailureKind.NETWORK, "the producer is closed: " + e.getMessage())
                    : KafkaFailures.of(e, destination.parsed, clientLimits);
            if (failure.kind != FailureKind.TOO_LARGE) {
                destination.reset(producer);
            }
            result.complete(ChannelOutcome.failed(startedAt, elapsed(start), failure.kind, failure.getMessage()));
        }
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private TopicProducer.Limits clientLimits() {
        return new TopicProducer.Limits(limits.connectTimeout().toMillis(), limits.requestTimeout().toMillis(),
                limits.attemptDeadline().toMillis());
    }

    /**
     * Lets go of the producers of destinations that changed or went, and starts making those of the current ones
     * that have none (in the background), so that a destination's first notifications do not wait for it.
     */
    @Override
    public void retainOnly(Collection<Target> current) {
        producers.retainOnly(current);
        for (Target target : current) {
            try {
                producers.of(target).producer(threads.opening());
            } catch (RuntimeException unusable) {
                // its attempts fail as they come, saying why
            }
        }
    }

    /** Closes a producer off the caller's thread; closing waits up to a second for what it still holds. */
    private void closeLater(TopicProducer producer) {
        try {
            threads.work().execute(producer::close);
        } catch (RejectedExecutionException stopping) {
            producer.close();
        }
    }
}
