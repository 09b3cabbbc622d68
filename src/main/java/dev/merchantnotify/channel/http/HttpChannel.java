package dev.merchantnotify.channel.http;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.Channel;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import dev.merchantnotify.signing.MerchantSecrets;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.JsonString;
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
 * The {@code http} channel: sends one attempt to a merchant's URL without holding a thread while it waits, with Jetty's
 * asynchronous HTTP client, HTTP/1.1. The request follows the delivery contract ({@link HttpRequests}); the answer is
 * judged by {@link SuccessRule}.
 *
 * <p>What it guarantees: the connection goes to an address {@link OutboundGuard} vetted for this host, resolved for
 * this connection ({@link GuardedResolver}); redirects are never followed; no cookies are kept and no content
 * decoding or authentication handling happens (a merchant gets exactly the contract's request, and its answer is taken
 * as it comes); at most 64 KB of an answer is read; an attempt has the connect timeout to connect and then the
 * request timeout without a byte from the merchant, and ends by both together at the latest ({@link AttemptLimits}).
 *
 * <p>Threads: the client's I/O runs on a small pool ({@code notify.dispatch.http-threads}, plus its selector), lookups
 * on a pool of their own and every deadline on one scheduler thread, all from Liberty's managed thread factory.
 */
@ApplicationScoped
public class HttpChannel implements Channel {

    /** Bytes of an answer read at most. */
    static final int MAX_READ_BYTES = 64 * 1024;
    /** Threads that may wait on DNS lookups at once (only new connections look up). */
    private static final int LOOKUP_THREADS = 4;
    /** How long an idle pooled connection to a merchant is kept. */
    private static final long IDLE_CONNECTION_MILLIS = 30_000;

    @Inject
    AttemptLimits settings;

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
    private volatile HttpClient http;

    /**
     * The client, started on first use: its selector thread comes from Liberty's managed thread factory, which starts no
     * thread before the application has started (a client started while beans are created at start-up waits forever).
     */
    private HttpClient client() {
        HttpClient started = http;
        if (started == null) {
            synchronized (this) {
                if (http == null) {
                    start();
                }
                started = http;
            }
        }
        return started;
    }

    private void start() {
        lookups = Executors.newFixedThreadPool(LOOKUP_THREADS, threads);
        deadlines = new ScheduledThreadPoolExecutor(1, threads);
        deadlines.setRemoveOnCancelPolicy(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(deadlines);
        QueuedThreadPool io = new QueuedThreadPool(settings.ioThreads() + 2, 2, 60_000, 0, null, null, threads);
        io.setName("merchant-client");

        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
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
        this.http = http;
    }

    @PreDestroy
    synchronized void close() {
        if (http == null) {
            return;
        }
        try {
            http.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        deadlines.shutdownNow();
        lookups.shutdownNow();
    }

    @Override
    public String type() {
        return Target.HTTP;
    }

    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        return HttpSettings.check(settings, storedSecrets, guard);
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        JsonObject merged = Json.createObjectBuilder(settings)
                .add("headers", secrets.containsKey("headers") ? secrets.getJsonObject("headers")
                        : JsonValue.EMPTY_JSON_OBJECT)
                .build();
        DeliveryFormat format = DeliveryFormat.fromApiName(settings.getString("format", "form"))
                .orElse(DeliveryFormat.FORM);
        return new Target(key, Target.HTTP, secrets.getString("url", settings.getString("url")), format, merged);
    }

    /** Makes the attempt; the future always completes normally, with a success or a classified failure. */
    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        Exchange exchange = new Exchange(attempt.target(), startedAt, System.nanoTime());
        Request request;
        try {
            HttpRequest message = HttpRequests.build(attempt, secrets.keysFor(attempt.target().key()), startedAt);
            request = client().newRequest(message.uri())
                    .method(HttpMethod.POST)
                    .timeout(settings.attemptDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .idleTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(headers -> {
                        for (Map.Entry<String, String> header : message.headers().entrySet()) {
                            headers.put(header.getKey(), header.getValue());
                        }
                        JsonObject settings = attempt.target().settings();
                        JsonObject extra = settings == null ? null : settings.getJsonObject("headers");
                        if (extra != null) {
                            extra.forEach((name, value) -> headers.put(name, ((JsonString) value).getString()));
                        }
                    })
                    .body(new BytesRequestContent(message.header("Content-Type"),
                            message.body().getBytes(StandardCharsets.UTF_8)))
                    .onRequestBegin(begun -> exchange.connected = true);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.CONNECT,
                    "the request could not be built: " + e.getMessage()));
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

        final CompletableFuture<ChannelOutcome> result = new CompletableFuture<>();
        private final Target target;
        private final Instant startedAt;
        private final long start;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile boolean connected;
        private volatile boolean truncated;

        Exchange(Target target, Instant startedAt, long start) {
            this.target = target;
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
            ChannelOutcome delivery;
            try {
                delivery = failure == null || truncated && failure instanceof BodyLimitReached
                        ? answered(response, durationMs)
                        : unanswered(response, failure, durationMs);
            } catch (RuntimeException e) {
                delivery = ChannelOutcome.failed(startedAt, durationMs, FailureKind.NETWORK, "delivery failed: " + e);
            }
            result.complete(delivery);
        }

        private ChannelOutcome answered(Response response, long durationMs) {
            int status = response.getStatus();
            String text = body.toString(StandardCharsets.UTF_8);
            String excerpt = text.length() > 1024 ? text.substring(0, 1024) : text;
            if (SuccessRule.acknowledges(target.format(), status, text)) {
                return ChannelOutcome.delivered(startedAt, durationMs).answered(status, excerpt);
            }
            if (SuccessRule.is2xx(status)) {
                return ChannelOutcome.failed(startedAt, durationMs, FailureKind.WRONG_BODY,
                        "HTTP " + status + " but the body is not 'success': " + oneLine(excerpt)).answered(status, excerpt);
            }
            String location = response.getHeaders().get("Location");
            String error = "HTTP " + status + (status >= 300 && status < 400
                    ? " redirect to " + (location == null ? "(no Location)" : location) + " (not followed)"
                    : "");
            return ChannelOutcome.failed(startedAt, durationMs, FailureKind.HTTP_STATUS, error)
                    .answered(status, excerpt)
                    .retryAfter(RetryAfter.parse(response.getHeaders().get("Retry-After"), clock.instant()));
        }

        private ChannelOutcome unanswered(Response response, Throwable failure, long durationMs) {
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
            return ChannelOutcome.failed(startedAt, durationMs, kind, message)
                    .answered(answering ? response.getStatus() : null, null);
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
