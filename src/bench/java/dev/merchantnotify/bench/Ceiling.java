package dev.merchantnotify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling: an asynchronous HTTP client ({@code java.net.http}, HTTP/1.1, no redirects, 4 client threads, as many
 * requests in flight as the server allows), POSTing the same form bodies with the same headers straight to the
 * simulator: no queue, no database, no bookkeeping. (Merchant Notify itself has used Jetty's client since the outbound
 * guard; the ceiling still measures what the machine and the simulator allow.)
 */
final class Ceiling {

    private Ceiling() {
    }

    /** The client, configured as the HTTP channel's was before it moved to Jetty. */
    static HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .executor(executor)
                .build();
    }

    /** A request as the HTTP channel ({@code HttpRequests}) builds it. */
    static HttpRequest request(String url, long id, int attempt, String formBody, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "MerchantNotify/bench")
                .header("X-Notify-Id", String.valueOf(id))
                .header("X-Notify-Attempt", String.valueOf(attempt))
                .POST(HttpRequest.BodyPublishers.ofString(formBody, StandardCharsets.UTF_8))
                .build();
    }

    /** Delivers {@code count} notifications to the workload's merchants; returns deliveries answered success per second. */
    static Measured run(Workload workload, int count, int inFlight) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient client = client(executor);
        Semaphore room = new Semaphore(inFlight);
        AtomicLong ok = new AtomicLong();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                room.acquire();
                long id = Workload.CEILING_IDS + i;
                CompletableFuture<HttpResponse<String>> sent = client.sendAsync(
                        request(workload.url(i), id, 1, workload.formBody("CEIL-" + i), Duration.ofSeconds(5)),
                        HttpResponse.BodyHandlers.ofString());
                sent.whenComplete((response, error) -> {
                    if (response != null && response.statusCode() == 200 && "success".equals(response.body())) {
                        ok.incrementAndGet();
                    }
                    room.release();
                });
            }
            room.acquire(inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measured(ok.get(), seconds);
        } finally {
            executor.shutdownNow();
        }
    }

    record Measured(long delivered, double seconds) {
        double perSecond() {
            return delivered / seconds;
        }
    }
}
