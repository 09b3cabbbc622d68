package dev.merchantnotify.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ceilings: how many of the same requests the merchant simulator takes with nothing else in the way.
 *
 * <ul>
 *   <li>{@link #wrk native}: {@code wrk} (a load generator written in C, Debian's package), one process per simulator
 *       port, each one thread and a share of the connections, POSTing the form body and headers the HTTP channel
 *       sends. It shows the simulator's own capacity on this machine: what any client could reach at best.</li>
 *   <li>{@link #jetty client}: Jetty's HTTP client set up as Merchant Notify's HTTP channel sets it up (one selector,
 *       4 + 2 pooled threads, up to 1024 connections per merchant address, 30 s idle connections, no cookies, no content
 *       decoders), the same requests with as many in flight as given: what the product's client allows with no queue,
 *       no database and no bookkeeping.</li>
 * </ul>
 */
final class Ceiling {

    static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";
    static final String USER_AGENT = "MerchantNotify/bench";
    /** The ceilings' notification ids start here, above every simulator's capacity: their requests are only counted. */
    static final long IDS = 3_000_000_000L;
    /** The HTTP channel's defaults: {@code notify.dispatch.http-threads}, {@code notify.dispatch.max-in-flight}. */
    private static final int CLIENT_THREADS = 4;
    private static final int MAX_CONNECTIONS = 1024;

    private Ceiling() {
    }

    /** A measured run: requests answered {@code success}, over how long, and the CPU it took. */
    record Measured(long delivered, double seconds, double benchCpuSeconds, double machineCpuSeconds,
                    String firstFailure) {
        double perSecond() {
            return delivered / seconds;
        }

        /** Microseconds of CPU per request: this process (simulator and client), the whole machine. */
        Bench.Cost cost() {
            double n = Math.max(1, delivered) / 1e6;
            return new Bench.Cost(Double.NaN, Double.NaN, benchCpuSeconds / n, machineCpuSeconds / n, Double.NaN);
        }
    }

    /**
     * Sends {@code count} requests to the workload's (healthy) merchants with Jetty's client, at most {@code inFlight}
     * at once; counts those answered 200 {@code success}.
     */
    static Measured jetty(Workload workload, int count, int inFlight) throws Exception {
        QueuedThreadPool io = new QueuedThreadPool(CLIENT_THREADS + 2, 2);
        io.setName("ceiling-client");
        io.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(io);
        http.setConnectTimeout(3_000);
        http.setIdleTimeout(30_000);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(null);
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(MAX_CONNECTIONS);
        http.start();
        http.getContentDecoderFactories().clear();
        http.getProtocolHandlers().clear();
        Semaphore room = new Semaphore(inFlight);
        AtomicLong ok = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        double benchBefore = Bench.benchCpuSeconds();
        double machineBefore = Bench.machineCpuSeconds();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                room.acquire();
                byte[] body = workload.formBody("CEIL-" + i).getBytes(StandardCharsets.UTF_8);
                String id = String.valueOf(IDS + i);
                http.newRequest(workload.url(i))
                        .method(HttpMethod.POST)
                        .timeout(5, TimeUnit.SECONDS)
                        .headers(headers -> headers
                                .put("Content-Type", CONTENT_TYPE)
                                .put("User-Agent", USER_AGENT)
                                .put("X-Notify-Id", id)
                                .put("X-Notify-Attempt", "1"))
                        .body(new BytesRequestContent(CONTENT_TYPE, body))
                        .send(new BufferingResponseListener(1024) {
                            @Override
                            public void onComplete(Result result) {
                                if (result.isSucceeded() && result.getResponse().getStatus() == 200
                                        && "success".equals(getContentAsString(StandardCharsets.UTF_8))) {
                                    ok.incrementAndGet();
                                } else {
                                    firstFailure.compareAndSet(null, result.isFailed()
                                            ? result.getFailure().getClass().getSimpleName()
                                            : "HTTP " + result.getResponse().getStatus());
                                }
                                room.release();
                            }
                        });
            }
            room.acquire(inFlight);
            return new Measured(ok.get(), (System.nanoTime() - start) / 1e9, Bench.benchCpuSeconds() - benchBefore,
                    Bench.machineCpuSeconds() - machineBefore, firstFailure.get());
        } finally {
            http.stop();
        }
    }

    /** Whether {@code wrk} is on the PATH. */
    static boolean wrkInstalled() {
        try {
            Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            probe.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    /**
     * Runs one {@code wrk} per simulator port for {@code seconds}, {@code connections} in all, against a healthy
     * merchant on each port, with the HTTP channel's request; counts the requests answered. Fails when a request was
     * not answered 2xx, a socket failed, or the simulator counted fewer requests than {@code wrk} completed.
     */
    static Measured wrk(Workload workload, MerchantSimulator simulator, int connections, int seconds, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path script = scratch.resolve("ceiling.lua");
        Files.writeString(script, String.format(Locale.ROOT, """
                wrk.method = "POST"
                wrk.body = "%s"
                wrk.headers["Content-Type"] = "%s"
                wrk.headers["User-Agent"] = "%s"
                wrk.headers["X-Notify-Id"] = "%d"
                wrk.headers["X-Notify-Attempt"] = "1"
                """, workload.formBody("CEIL-1"), CONTENT_TYPE, USER_AGENT, IDS));
        long simulatorBefore = simulator.total();
        double benchBefore = Bench.benchCpuSeconds();
        double machineBefore = Bench.machineCpuSeconds();
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        for (int port = 0; port < simulator.ports(); port++) {
            Path output = scratch.resolve("wrk-" + port + ".txt");
            outputs.add(output);
            int share = connections / simulator.ports() + (port < connections % simulator.ports() ? 1 : 0);
            processes.add(new ProcessBuilder("wrk", "-t1", "-c" + share, "-d" + seconds + "s", "--timeout", "5s",
                    "-s", script.toString(), workload.url(port))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start());
        }
        for (Process process : processes) {
            if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end; see " + scratch);
            }
        }
                double machine = Bench.machineCpuSeconds() - machineBefore;
        double bench = Bench.benchCpuSeconds() - benchBefore;
        long answered = 0;
        double rate = 0;
        for (Path output : outputs) {
            String text = Files.readString(output);
            Matcher requests = REQUESTS.matcher(text);
            if (!requests.find()) {
                throw new IllegalStateException("wrk printed no request count:\n" + text);
            }
            Matcher non2xx = NON_2XX.matcher(text);
            Matcher errors = SOCKET_ERRORS.matcher(text);
            if (non2xx.find() || errors.find()) {
                throw new IllegalStateException("wrk saw failed requests, the ceiling would not be honest:\n" + text);
            }
            answered += Long.parseLong(requests.group(1));
            Matcher perSecond = PER_SECOND.matcher(text);
            if (perSecond.find()) {
                rate += Double.parseDouble(perSecond.group(1));
            }
        }
        long counted = simulator.total() - simulatorBefore;
        if (counted < answered) {
            throw new IllegalStateException("the simulator counted " + counted + " requests, wrk " + answered);
        }
        // wrk's own rate is over its measured window; the CPU is over the processes' whole life (start-up is a few ms).
        return new Measured(answered, answered / rate, bench, machine, null);
    }
}
