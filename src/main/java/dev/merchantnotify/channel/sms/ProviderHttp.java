package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.http.GuardedResolver;
import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The HTTP client toward the SMS providers' APIs: Jetty's asynchronous client (no thread waits for an answer), every
 * host judged by the outbound guard, TLS with the JVM's trusted certificates, no redirects, no cookies, at most 64 KB
 * of an answer read. A request that gets no complete answer is a failure of one of the shared kinds.
 */
final class ProviderHttp {

    /** An answer: its status and body. */
    record Answer(int status, String body) {
    }

    /** A request that got no answer, as a failure kind and a sentence. */
    static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;
        final FailureKind kind;

        NoAnswer(FailureKind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    private final HttpClient client;
    private final ExecutorService lookups;
    private final ScheduledThreadPoolExecutor timers;
    private final long connectMillis;
    private final long deadlineMillis;

    ProviderHttp(OutboundGuard guard, ThreadFactory threads, int ioThreads, long connectMillis, long deadlineMillis) {
        this.connectMillis = connectMillis;
        this.deadlineMillis = deadlineMillis;
        lookups = Executors.newFixedThreadPool(2, threads);
        timers = new ScheduledThreadPoolExecutor(1, threads);
        timers.setRemoveOnCancelPolicy(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(timers);
        QueuedThreadPool io = new QueuedThreadPool(Math.max(4, ioThreads + 2), 2, 60_000, 0, null, null, threads);
        io.setName("sms-provider-client");
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(io);
        http.setScheduler(scheduler);
        http.setConnectTimeout(connectMillis);
        http.setIdleTimeout(30_000);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        http.setSocketAddressResolver(new GuardedResolver(
                new SocketAddressResolver.Async(lookups, scheduler, connectMillis), guard));
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("The HTTP client toward the SMS providers did not start: " + e, e);
        }
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().clear();
        this.client = http;
    }

    /** Posts {@code body}; completes with the answer, or exceptionally with a {@link NoAnswer}. */
    CompletableFuture<Answer> post(URI uri, Map<String, String> headers, String contentType, String body) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        String where = uri.getScheme() + "://" + uri.getAuthority();
        client.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(deadlineMillis, TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(fields::put))
                .body(new StringRequestContent(contentType, body, StandardCharsets.UTF_8))
                .send(new BufferingResponseListener(64 * 1024) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        if (result.isSucceeded()) {
                            answer.complete(new Answer(result.getResponse().getStatus(), getContentAsString(
                                    StandardCharsets.UTF_8)));
                        } else {
                            answer.completeExceptionally(noAnswer(result.getFailure(), where));
                        }
                    }
                });
        return answer;
    }

    private NoAnswer noAnswer(Throwable failure, String where) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof BlockedAddressException)) {
            cause = cause.getCause();
        }
        if (cause instanceof BlockedAddressException blocked) {
            return new NoAnswer(FailureKind.BLOCKED, "the provider at " + where + " is not a permitted address: "
                    + blocked.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return new NoAnswer(FailureKind.CONNECT, "the provider's host in " + where + " does not resolve");
        }
        if (cause instanceof ConnectException || failure instanceof java.net.SocketTimeoutException
                && failure.getMessage() != null && failure.getMessage().contains("onnect")) {
            return new NoAnswer(FailureKind.CONNECT, "could not connect to the provider at " + where + " within "
                    + connectMillis + " ms: " + ChannelOutcome.quote(cause));
        }
        if (failure instanceof TimeoutException || cause instanceof TimeoutException) {
            return new NoAnswer(FailureKind.TIMEOUT, "no answer from the provider at " + where + " within "
                    + deadlineMillis + " ms");
        }
        return new NoAnswer(FailureKind.NETWORK, "the exchange with the provider at " + where + " broke: "
                + ChannelOutcome.quote(cause));
    }

    void stop() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping anyway
        }
        timers.shutdownNow();
        lookups.shutdownNow();
    }
}
