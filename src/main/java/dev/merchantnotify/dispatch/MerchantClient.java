package dev.merchantnotify.dispatch;

import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import dev.merchantnotify.signing.MerchantSecrets;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Sends one attempt to a merchant without holding a thread while it waits: Jetty's asynchronous HTTP client, HTTP/1.1.
 *
 * <p>What it guarantees: the connection goes to an address {@link OutboundGuard} vetted for this host, resolved for
 * this connection ({@link GuardedResolver}); redirects are never followed; no cookies are kept and no content
 * decoding or authentication handling happens (a merchant gets exactly the contract's request, and its answer is taken
 * as it comes); at most 64 KB of an answer is read; an attempt has {@code connect-timeout-ms} to connect and then
 * {@code request-timeout-ms} without a byte from the merchant, and ends by both together at the latest.
 *
 * <p>Threads: the client's I/O runs on a small pool ({@code notify.dispatch.http-threads}, plus its selector), lookups
 * on a pool of their own and every deadline on one scheduler thread, all from Liberty's managed thread factory.
 */
@ApplicationScoped
public class MerchantClient {

    /** Bytes of an answer read at most. */
    static final int MAX_READ_BYTES = 64 * 1024;
    /** Threads that may wait on DNS lookups at once (only new connections look up). */
    private static final int LOOKUP_THREADS = 4;
    /** How long an idle pooled connection to a merchant is kept. */
    private static final long IDLE_CONNECTION_MILLIS = 30_000;

    @Inject
    DispatchSettings settings;

    @Inject
    OutboundGuard guard;

    @Inject
    MerchantSecrets secrets;

    @Inject
    Clock clock;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private ExecutorService lookups;
    private ScheduledThreadPoolExecutor deadlines;
    private HttpClient http;

    @PostConstruct
    void init() {
        lookups = Executors.newFixedThreadPool(LOOKUP_THREADS, threads);
        deadlines = new ScheduledThreadPoolExecutor(1, threads);
        deadlines.setRemoveOnCancelPolicy(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(deadlines);
        QueuedThreadPool io = new QueuedThreadPool(settings.httpThreads() + 2, 2, 60_000, 0, null, null, threads);
        io.setName("merchant-client");

        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        // These three are the connector's: the client passes them on.
        http.setExecutor(io);
        http.setScheduler(scheduler);
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setIdleTimeout(IDLE_CONNECTION_MILLIS);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        http.setMaxConnectionsPerDestination(settings.maxInFlight());
        http.setMaxRequestsQueuedPerDestination(settings.maxInFlight());
        http.setSocketAddressResolver(new GuardedResolver(
                new SocketAddressResolver.Async(lookups, scheduler, settings.connectTimeout().toMillis()), guard));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("The HTTP client toward merchants did not start: " + e, e);
        }
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().clear();
    }

    @PreDestroy
    void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        deadlines.shutdownNow();
        lookups.shutdownNow();
    }

    /** Makes the attempt; the future always completes normally, with a success or a classified failure. */
    public CompletableFuture<DeliveryOutcome> deliver(DeliveryTask task) {
        Instant startedAt = clock.instant();
        Exchange exchange = new Exchange(task, startedAt, System.nanoTime());
        Request request;
        try {
            MerchantRequest message = MerchantRequests.build(task, secrets.keysFor(task.merchantKey()), startedAt);
            request = http.newRequest(message.uri())
                    .method(HttpMethod.POST)
                    .timeout(settings.attemptDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .idleTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> {
                        for (Map.Entry<String, String> header : message.headers().entrySet()) {
                            headers.put(header.getKey(), header.getValue());
                        }
                    })
                    .body(new BytesRequestContent(message.header("Content-Type"),
                            message.body().getBytes(StandardCharsets.UTF_8)))
                    .onRequestBegin(begun -> exchange.connected = true);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new DeliveryOutcome(task, startedAt, 0, null, null,
                    FailureKind.CONNECT, "the request could not be built: " + e.getMessage(), null));
        }
        request.send(exchange);
        return exchange.result;
    }

    /** Ends a read that reached {@link #MAX_READ_BYTES}: what was read is the answer. */
    private static final class BodyLimitReached extends IOException {
        BodyLimitReached() {
            super("answer longer than " + MAX_READ_BYTES + " bytes");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a normal end of reading, not an error: no stack trace to collect
        }
    }

    /** One attempt's listener: collects the answer and classifies how it ended. */
    private final class Exchange implements Response.Listener {

        final CompletableFuture<DeliveryOutcome> result = new CompletableFuture<>();
        private final DeliveryTask task;
        private final Instant startedAt;
        private final long start;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile boolean connected;
        private volatile boolean truncated;

        Exchange(DeliveryTask task, Instant startedAt, long start) {
            this.task = task;
            this.startedAt = startedAt;
            this.start = start;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int take = Math.min(MAX_READ_BYTES - body.size(), content.remaining());
            if (take > 0) {
                byte[] chunk = new byte[take];
                content.get(chunk);
                body.write(chunk, 0, take);
            }
            if (content.hasRemaining() && !truncated) {
                truncated = true;
                response.abort(new BodyLimitReached());
            }
        }

        @Override
        public void onComplete(Result outcome) {
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            Response response = outcome.getResponse();
            Throwable failure = outcome.getFailure();
            DeliveryOutcome delivery;
            try {
                delivery = failure == null || truncated && failure instanceof BodyLimitReached
                        ? answered(response, durationMs)
                        : unanswered(response, failure, durationMs);
            } catch (RuntimeException e) {
                delivery = new DeliveryOutcome(task, startedAt, durationMs, null, null, FailureKind.NETWORK,
                        "delivery failed: " + e, null);
            }
            result.complete(delivery);
        }

        private DeliveryOutcome answered(Response response, long durationMs) {
            int status = response.getStatus();
            String text = body.toString(StandardCharsets.UTF_8);
            String excerpt = text.length() > 1024 ? text.substring(0, 1024) : text;
            if (SuccessRule.acknowledges(task.format(), status, text)) {
                return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, null, null, null);
            }
            if (SuccessRule.is2xx(status)) {
                return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, FailureKind.WRONG_BODY,
                        "HTTP " + status + " but the body is not 'success': " + oneLine(excerpt), null);
            }
            String location = response.getHeaders().get("Location");
            String error = "HTTP " + status + (status >= 300 && status < 400
                    ? " redirect to " + (location == null ? "(no Location)" : location) + " (not followed)"
                    : "");
            return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, FailureKind.HTTP_STATUS, error,
                    RetrySchedule.parseRetryAfter(response.getHeaders().get("Retry-After"), clock.instant()));
        }

        private DeliveryOutcome unanswered(Response response, Throwable failure, long durationMs) {
            FailureKind kind;
            String message;
            boolean answering = response != null && response.getStatus() > 0;
            if (failure instanceof BlockedAddressException) {
                kind = FailureKind.BLOCKED;
                message = "blocked: " + failure.getMessage();
            } else if (failure instanceof UnknownHostException) {
                kind = FailureKind.CONNECT;
                message = "unknown host: " + describe(failure);
            } else if (!connected && (failure instanceof TimeoutException || failure instanceof SocketTimeoutException)) {
                kind = FailureKind.CONNECT;
                message = "no connection within " + settings.connectTimeout().toMillis() + " ms";
            } else if (failure instanceof ConnectException) {
                kind = FailureKind.CONNECT;
                String detail = describe(failure);
                message = "connection failed: " + (detail.equals("ConnectException") ? "refused or unreachable" : detail);
            } else if (failure instanceof TimeoutException || failure instanceof SocketTimeoutException) {
                kind = FailureKind.TIMEOUT;
                message = answering
                        ? "the answer was not complete within " + settings.attemptDeadline().toMillis() + " ms"
                        : "no answer within " + settings.requestTimeout().toMillis() + " ms";
            } else if (!connected) {
                kind = FailureKind.CONNECT;
                message = "connection failed: " + describe(failure);
            } else if (failure instanceof IOException) {
                kind = FailureKind.NETWORK;
                message = "connection broken: " + describe(failure);
            } else {
                kind = FailureKind.NETWORK;
                message = "delivery failed: " + describe(failure);
            }
            return new DeliveryOutcome(task, startedAt, durationMs, answering ? response.getStatus() : null, null,
                    kind, message, null);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof EOFException) {
            return "closed by the merchant before a complete answer";
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            Throwable inner = cause.getCause();
            message = inner != null && inner.getMessage() != null ? inner.getMessage() : cause.getClass().getSimpleName();
        }
        // Jetty describes some failures by its connection's internals: a class name says enough then.
        return message.length() > 200 || message.contains("oejc") ? cause.getClass().getSimpleName() : message;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
