package dev.merchantnotify.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The producer: submits notifications through the batch API and remembers, for each one, the id the server gave it and
 * when its batch was sent.
 */
final class LoadDriver {

    private static final Pattern ITEM_ID = Pattern.compile("\"id\":(\\d+|null)");

    /** What was submitted: index i is the i-th notification of the scenario. */
    static final class Submitted {
        final long[] ids;
        final long[] sentNanos;
        long firstSentNanos = Long.MAX_VALUE;
        long lastAnsweredNanos;
        final AtomicInteger rejected = new AtomicInteger();

        Submitted(int count) {
            ids = new long[count];
            sentNanos = new long[count];
            Arrays.fill(ids, -1);
        }

        int accepted() {
            return (int) Arrays.stream(ids).filter(id -> id >= 0).count();
        }

        /** Two submissions as one: {@code a}'s notifications, then {@code b}'s. */
        static Submitted concat(Submitted a, Submitted b) {
            Submitted both = new Submitted(a.ids.length + b.ids.length);
            System.arraycopy(a.ids, 0, both.ids, 0, a.ids.length);
            System.arraycopy(b.ids, 0, both.ids, a.ids.length, b.ids.length);
            System.arraycopy(a.sentNanos, 0, both.sentNanos, 0, a.sentNanos.length);
            System.arraycopy(b.sentNanos, 0, both.sentNanos, a.sentNanos.length, b.sentNanos.length);
            both.firstSentNanos = Math.min(a.firstSentNanos, b.firstSentNanos);
            both.lastAnsweredNanos = Math.max(a.lastAnsweredNanos, b.lastAnsweredNanos);
            both.rejected.set(a.rejected.get() + b.rejected.get());
            return both;
        }

        double ingestPerSecond() {
            return accepted() / ((lastAnsweredNanos - firstSentNanos) / 1e9);
        }
    }

    private final String batchUrl;
    private final String authorization;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient http = HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1).build();

    LoadDriver(String baseUrl, String user, String password) {
        batchUrl = baseUrl + "/api/v1/notifications/batch";
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Submits {@code count} notifications in batches of {@code batchSize}, {@code concurrency} batches at a time. */
    Submitted bulk(Workload workload, String prefix, int count, int batchSize, int concurrency) throws InterruptedException {
        Submitted submitted = new Submitted(count);
        AtomicInteger next = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread sender = new Thread(() -> {
                int from;
                while ((from = next.getAndAdd(batchSize)) < count) {
                    send(workload, prefix, from, Math.min(count, from + batchSize), submitted).join();
                }
            }, "bench-producer-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        return submitted;
    }

    /** Submits at a steady {@code perSecond} for {@code seconds}, one batch every 10 ms; returns once all are answered. */
    Submitted steady(Workload workload, String prefix, double perSecond, int seconds) {
        int count = (int) (perSecond * seconds);
        Submitted submitted = new Submitted(count);
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        long start = System.nanoTime();
        int from = 0;
        for (int tick = 1; from < count; tick++) {
            long due = start + tick * 10_000_000L;
            LockSupport.parkNanos(due - System.nanoTime());
            int to = (int) Math.min(count, Math.round(perSecond * tick / 100.0));
            if (to > from) {
                batches.add(send(workload, prefix, from, to, submitted));
                from = to;
            }
        }
        batches.forEach(CompletableFuture::join);
        return submitted;
    }

    private CompletableFuture<Void> send(Workload workload, String prefix, int from, int to, Submitted submitted) {
        StringBuilder json = new StringBuilder(300 * (to - from) + 32).append("{\"notifications\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                json.append(',');
            }
            workload.appendJson(json, prefix + i, i);
        }
        json.append("]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(batchUrl))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build();
        long sent = System.nanoTime();
        synchronized (submitted) {
            submitted.firstSentNanos = Math.min(submitted.firstSentNanos, sent);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            long answered = System.nanoTime();
            if (error != null || response.statusCode() != 200) {
                Bench.log("batch %d..%d not processed: %s", from, to,
                        error != null ? error : response.statusCode() + " " + response.body());
                submitted.rejected.addAndGet(to - from);
                return null;
            }
            Matcher ids = ITEM_ID.matcher(response.body());
            for (int i = from; i < to && ids.find(); i++) {
                if ("null".equals(ids.group(1))) {
                    submitted.rejected.incrementAndGet();
                } else {
                    submitted.ids[i] = Long.parseLong(ids.group(1));
                }
                submitted.sentNanos[i] = sent;
            }
            synchronized (submitted) {
                submitted.lastAnsweredNanos = Math.max(submitted.lastAnsweredNanos, answered);
            }
            return null;
        });
    }

    void close() {
        executor.shutdownNow();
    }
}
