package dev.merchantnotify.dispatch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends one attempt to a merchant without holding a thread while it waits: {@code java.net.http} with async completion.
 * Redirects are never followed, at most 64 KB of an answer is read, and an attempt that has not finished by the
 * connect and request timeouts together is cancelled, so a merchant that never answers costs a timeout and a
 * connection, not a worker.
 *
 * <p>Threads: the HTTP client runs on a small fixed pool ({@code notify.dispatch.http-threads}) and every deadline on
 * one scheduler thread, both from Liberty's managed thread factory. (The JDK defaults, an unbounded cached pool and,
 * on a machine with two cores, a new thread per {@code CompletableFuture.delayedExecutor} task, cost a thread per
 * delivery.)
 */
@ApplicationScoped
public class MerchantClient {

    /** Bytes of an answer read at most. */
    static final int MAX_READ_BYTES = 64 * 1024;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    private ExecutorService httpExecutor;
    private ScheduledThreadPoolExecutor deadlines;
    private HttpClient http;

    @PostConstruct
    void init() {
        httpExecutor = Executors.newFixedThreadPool(settings.httpThreads(), threads);
        deadlines = new ScheduledThreadPoolExecutor(1, threads);
        deadlines.setRemoveOnCancelPolicy(true);
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .executor(httpExecutor)
                .build();
    }

    @PreDestroy
    void close() {
        deadlines.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /** Makes the attempt; the future always completes normally, with a success or a classified failure. */
    public CompletableFuture<DeliveryOutcome> deliver(DeliveryTask task) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        HttpRequest request;
        try {
            request = MerchantRequests.build(task, settings.requestTimeout());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new DeliveryOutcome(task, startedAt, 0, null, null,
                    FailureKind.CONNECT, "the request could not be built: " + e.getMessage(), null));
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new BoundedBodySubscriber(MAX_READ_BYTES));
        long deadline = settings.attemptDeadline().toMillis();
        ScheduledFuture<?> timer = deadlines.schedule(() -> exchange.cancel(true), deadline, TimeUnit.MILLISECONDS);
        return exchange.handle((response, error) -> {
            timer.cancel(false);
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            return response != null
                    ? answered(task, startedAt, durationMs, response)
                    : unanswered(task, startedAt, durationMs, error, deadline);
        });
    }

    private DeliveryOutcome answered(DeliveryTask task, Instant startedAt, long durationMs, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String excerpt = body.length() > 1024 ? body.substring(0, 1024) : body;
        if (SuccessRule.acknowledges(task.format(), status, body)) {
            return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, null, null, null);
        }
        if (SuccessRule.is2xx(status)) {
            return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, FailureKind.WRONG_BODY,
                    "HTTP " + status + " but the body is not 'success': " + oneLine(excerpt), null);
        }
        String error = "HTTP " + status + (status >= 300 && status < 400
                ? " redirect to " + response.headers().firstValue("Location").orElse("(no Location)") + " (not followed)"
                : "");
        return new DeliveryOutcome(task, startedAt, durationMs, status, excerpt, FailureKind.HTTP_STATUS, error,
                RetrySchedule.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
    }

    private DeliveryOutcome unanswered(DeliveryTask task, Instant startedAt, long durationMs, Throwable error,
                                       long deadlineMillis) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        FailureKind kind;
        String message;
        if (cause instanceof HttpConnectTimeoutException) {
            kind = FailureKind.CONNECT;
            message = "no connection within " + settings.connectTimeout().toMillis() + " ms";
        } else if (cause instanceof HttpTimeoutException) {
            kind = FailureKind.TIMEOUT;
            message = "no answer within " + settings.requestTimeout().toMillis() + " ms";
        } else if (cause instanceof CancellationException) {
            kind = FailureKind.TIMEOUT;
            message = "the answer was not complete within " + deadlineMillis + " ms";
        } else if (cause instanceof ConnectException) {
            kind = FailureKind.CONNECT;
            String detail = describe(cause);
            message = "connection failed: " + (detail.equals("ConnectException") ? "refused or unreachable" : detail);
        } else if (cause instanceof IOException) {
            kind = FailureKind.NETWORK;
            message = "connection broken: " + describe(cause);
        } else {
            kind = FailureKind.NETWORK;
            message = "delivery failed: " + describe(cause);
        }
        return new DeliveryOutcome(task, startedAt, durationMs, null, null, kind, message, null);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            Throwable inner = cause.getCause();
            message = inner != null && inner.getMessage() != null ? inner.getMessage() : cause.getClass().getSimpleName();
        }
        return message;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
