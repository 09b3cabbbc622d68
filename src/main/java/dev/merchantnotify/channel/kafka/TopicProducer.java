package dev.merchantnotify.channel.kafka;

import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One destination's producer: idempotent, {@code acks=all}, made on first use after its topic was found to exist (an
 * admin client asks; a producer's own metadata request could create a missing topic on a broker that allows it), and
 * closed when the destination changes or goes. A producer that fails fatally is closed and made again on next use.
 */
final class TopicProducer {

    private static final Logger LOG = Logger.getLogger(TopicProducer.class.getName());
    /** How long a missing topic or an unreachable cluster is remembered before it is asked again. */
    static final long RECHECK_MILLIS = 1_000;
    /** How long the producer waits to fill a batch. */
    static final int LINGER_MILLIS = 2;

    /** How long the clients may take: set from the attempt limits. */
    record Limits(long connectMillis, long requestMillis, long deadlineMillis) {
    }

    final String key;
    final KafkaSettings.Parsed parsed;
    private final OutboundGuard guard;
    private final Limits limits;
    private CompletableFuture<KafkaProducer<String, byte[]>> ready;
    private long failedAt;
    private boolean closed;

    TopicProducer(String key, KafkaSettings.Parsed parsed, OutboundGuard guard, Limits limits) {
        this.key = key;
        this.parsed = parsed;
        this.guard = guard;
        this.limits = limits;
    }

    /** A failure to make the producer, with its kind. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient FailureKind kind;

        Failure(FailureKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /**
     * The producer: made already, or being made on {@code opening} (it waits for the cluster, and must not hold up
     * the sends of destinations whose producer is ready). A failure to make it is remembered for
     * {@link #RECHECK_MILLIS}; the future then fails with a {@link Failure}.
     */
    synchronized CompletableFuture<KafkaProducer<String, byte[]>> producer(Executor opening) {
        if (closed) {
            return CompletableFuture.failedFuture(new Failure(FailureKind.NETWORK,
                    "the destination changed; tried again"));
        }
        if (ready != null && (!ready.isCompletedExceptionally()
                || System.currentTimeMillis() - failedAt < RECHECK_MILLIS)) {
            return ready;
        }
        CompletableFuture<KafkaProducer<String, byte[]>> making = new CompletableFuture<>();
        ready = making;
        try {
            opening.execute(() -> make(making));
        } catch (RejectedExecutionException stopping) {
            making.completeExceptionally(new Failure(FailureKind.NETWORK, "the server is stopping"));
        }
        return making;
    }

    private void make(CompletableFuture<KafkaProducer<String, byte[]>> making) {
        KafkaProducer<String, byte[]> made;
        try {
            Properties common = common();
            checkTopic(common);
            made = new KafkaProducer<>(producerProperties(common), new StringSerializer(), new ByteArraySerializer());
            warm(made);
        } catch (Failure failure) {
            synchronized (this) {
                failedAt = System.currentTimeMillis();
            }
            making.completeExceptionally(failure);
            return;
        } catch (RuntimeException e) {
            synchronized (this) {
                failedAt = System.currentTimeMillis();
            }
            making.completeExceptionally(KafkaFailures.of(e, parsed, limits));
            return;
        }
        synchronized (this) {
            if (closed || ready != making) {
                closeQuietly(made);
                making.completeExceptionally(new Failure(FailureKind.NETWORK, "the destination changed; tried again"));
                return;
            }
        }
        making.complete(made);
    }

    /**
     * Fetches the topic's partitions now, so that a send does not wait for them: a record is then handed to the
     * producer at once, and its delivery timeout runs within the attempt's deadline.
     */
    private void warm(KafkaProducer<String, byte[]> made) throws Failure {
        try {
            made.partitionsFor(parsed.topic());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            closeQuietly(made);
            throw new Failure(FailureKind.CONNECT, "no partitions of topic '" + parsed.topic() + "' from the cluster at "
                    + servers() + " within " + limits.connectMillis() + " ms");
        } catch (RuntimeException e) {
            closeQuietly(made);
            throw KafkaFailures.of(e, parsed, limits);
        }
    }

    /** How long the producer may hold a record before it reports it failed (the client's delivery timeout). */
    long deliveryTimeoutMillis() {
        return limits.requestMillis() + LINGER_MILLIS;
    }

    /** After a fatal error (fenced, out of sequence): the next attempt makes a new producer. */
    synchronized void reset(KafkaProducer<String, byte[]> broken) {
        if (current() == broken) {
            ready = null;
            closeQuietly(broken);
        }
    }

    synchronized void close() {
        closed = true;
        KafkaProducer<String, byte[]> made = current();
        if (made != null) {
            closeQuietly(made);
        }
        ready = null;
    }

    /** The producer if it is made, else null. */
    private KafkaProducer<String, byte[]> current() {
        return ready != null && ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
    }

    private static void closeQuietly(KafkaProducer<String, byte[]> producer) {
        try {
            producer.close(java.time.Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.fine(() -> "Closing a producer failed: " + e);
        }
    }

    /** Connection and security settings, with every bootstrap host vetted by the outbound guard. */
    private Properties common() throws Failure {
        StringBuilder servers = new StringBuilder();
        for (KafkaSettings.Server server : parsed.servers()) {
            try {
                guard.resolve(server.host());
            } catch (BlockedAddressException e) {
                throw new Failure(FailureKind.BLOCKED, "blocked: " + e.getMessage());
            } catch (UnknownHostException e) {
                throw new Failure(FailureKind.CONNECT, "unknown host: " + server.host());
            }
            servers.append(servers.isEmpty() ? "" : ",").append(server);
        }
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers.toString());
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "merchant-notify-" + key);
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, parsed.protocol());
        properties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) limits.requestMillis());
        properties.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, limits.connectMillis());
        properties.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, limits.connectMillis());
        properties.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        if (parsed.protocol().startsWith("SASL")) {
            String module = parsed.mechanism().equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            properties.put(SaslConfigs.SASL_MECHANISM, parsed.mechanism());
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + jaas(parsed.username())
                    + "\" password=\"" + jaas(parsed.password()) + "\";");
        }
        if (parsed.protocol().endsWith("SSL")) {
            properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
        }
        return properties;
    }

    private static String jaas(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private Properties producerProperties(Properties common) {
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MILLIS);
        // A send waits at most the connect timeout for the topic's metadata (fetched when the producer is made). The
        // producer reports a record delivered or failed within the request timeout (and the linger) of taking it: the
        // channel hands it over only while that still ends by the attempt deadline, so a record the attempt gave up on
        // is not written later, but when it was in flight to the broker at that moment.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, limits.connectMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMillis());
        return properties;
    }

    /** Asks the cluster whether the topic exists (never creating it). */
    private void checkTopic(Properties common) throws Failure {
        Properties properties = new Properties();
        properties.putAll(common);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) limits.deadlineMillis());
        Admin admin = null;
        try {
            admin = Admin.create(properties);
            // Within the connect timeout: what is left of the attempt is for the record itself.
            admin.describeTopics(List.of(parsed.topic())).allTopicNames()
                    .get(limits.connectMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new Failure(FailureKind.NOT_FOUND, "topic '" + parsed.topic() + "' does not exist at "
                        + parsed.address().substring("kafka://".length(), parsed.address().indexOf(" topic "))
                        + " (it is never created): create it, or change the destination's topic");
            }
            throw KafkaFailures.of(cause, parsed, limits);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new Failure(FailureKind.CONNECT, "no answer from the cluster at " + servers() + " within "
                    + limits.connectMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(FailureKind.NETWORK, "interrupted while asking the cluster for the topic");
        } catch (RuntimeException e) {
            throw KafkaFailures.of(e, parsed, limits);
        } finally {
            if (admin != null) {
                admin.close(java.time.Duration.ZERO); // a close that waited would wait for the unanswered call
            }
        }
    }

    private String servers() {
        return String.join(",", parsed.servers().stream().map(KafkaSettings.Server::toString).toList());
    }
}
