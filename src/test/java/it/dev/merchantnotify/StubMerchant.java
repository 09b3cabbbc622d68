package it.dev.merchantnotify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Merchants on loopback that answer as scripted by the request path, and record every request they receive.
 * A script path may be followed by {@code /anything}: each such path is a merchant of its own (its own merchant key).
 *
 * <table>
 *   <caption>paths</caption>
 *   <tr><td>/ok</td><td>200 {@code success}</td></tr>
 *   <tr><td>/ok-spaced</td><td>200 {@code " SUCCESS\n"}</td></tr>
 *   <tr><td>/json-ok</td><td>201 {@code {"received":true}}</td></tr>
 *   <tr><td>/error</td><td>500</td></tr>
 *   <tr><td>/wrong-body</td><td>200 {@code fail}</td></tr>
 *   <tr><td>/redirect</td><td>302 to /ok</td></tr>
 *   <tr><td>/redirect-metadata</td><td>302 to the cloud metadata address, http://169.254.169.254/latest/meta-data/</td></tr>
 *   <tr><td>/gone</td><td>410</td></tr>
 *   <tr><td>/switch/{name}</td><td>410 until {@link #setUp} says the name is up, then {@code success}</td></tr>
 *   <tr><td>/slow-{ms}</td><td>waits, then 200 {@code success}</td></tr>
 *   <tr><td>/hang</td><td>never answers in time (10 s, far beyond the test server's 3 s attempt deadline)</td></tr>
 *   <tr><td>/flaky-{n}</td><td>500 for the first n requests of each notification, then {@code success}</td></tr>
 *   <tr><td>/down-for-{n}</td><td>500 for the first n requests to that path, then {@code success}</td></tr>
 *   <tr><td>/variable/{name}</td><td>waits as long as {@link #setDelay} last said for that name (0 at first), then
 *       200 {@code success}</td></tr>
 * </table>
 * {@link #resetUrl()} points at a second listener that reads the request and resets the connection;
 * {@link #refusedUrl()} at a port where nothing listens.
 */
public final class StubMerchant implements AutoCloseable {

    /** One request as the merchant saw it; header names are lower-cased. */
    public record Received(String method, String path, String query, Map<String, String> headers, String body,
                           Instant at) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCounts = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Set<String> up = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> concurrent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> peakConcurrent = new ConcurrentHashMap<>();
    private final ServerSocket resetListener;
    private final Thread resetThread;
    private final int refusedPort;

    public StubMerchant() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
        resetListener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        resetThread = new Thread(this::resetConnections, "stub-merchant-reset");
        resetThread.setDaemon(true);
        resetThread.start();
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refusedPort = probe.getLocalPort();
        }
    }

    /** The URL of a scripted path, e.g. {@code url("/ok")}; a query string may follow the path. */
    /** The port the scripted merchants listen on (127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    public String resetUrl() {
        return "http://127.0.0.1:" + resetListener.getLocalPort() + "/reset";
    }

    public String refusedUrl() {
        return "http://127.0.0.1:" + refusedPort + "/refused";
    }

    /**
     * Whether {@code /switch/{name}} (and the paths under it) answers 200 success, or 410 Gone (a notification fails at
     * once, without retries): it starts gone.
     */
    public void setUp(String name, boolean isUp) {
        if (isUp) {
            up.add(name);
        } else {
            up.remove(name);
        }
    }

    /** How long {@code /variable/{name}} (and the paths under it) wait before answering, from now on. */
    public void setDelay(String name, long millis) {
        delays.put(name, millis);
    }

    /** Requests received whose body contains {@code marker} (an order number, say). */
    public List<Received> receivedWith(String marker) {
        return received.stream().filter(r -> r.body().contains(marker)).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests received on one path (query strings aside). */
    public List<Received> receivedOn(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The most requests to one path that were open at the same time. */
    public int peakConcurrency(String path) {
        AtomicInteger peak = peakConcurrent.get(path);
        return peak == null ? 0 : peak.get();
    }

    /** Forgets the peak so far, to measure a later phase. */
    public void resetPeakConcurrency(String path) {
        peakConcurrent.remove(path);
    }

    private static boolean is(String path, String script) {
        return path.equals(script) || path.startsWith(script + "/");
    }

    private static long number(String path, String script) {
        String rest = path.substring(script.length());
        int slash = rest.indexOf('/');
        return Long.parseLong(slash < 0 ? rest : rest.substring(0, slash));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                body, Instant.now()));
        AtomicInteger open = concurrent.computeIfAbsent(path, k -> new AtomicInteger());
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
        int now = open.incrementAndGet();
        peakConcurrent.computeIfAbsent(path, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            if (is(path, "/ok-spaced")) {
                answer(exchange, 200, " SUCCESS\n", release);
            } else if (is(path, "/ok")) {
                answer(exchange, 200, "success", release);
            } else if (is(path, "/json-ok")) {
                answer(exchange, 201, "{\"received\":true}", release);
            } else if (is(path, "/error")) {
                answer(exchange, 500, "internal error", release);
            } else if (is(path, "/wrong-body")) {
                answer(exchange, 200, "fail", release);
            } else if (is(path, "/redirect-metadata")) {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                answer(exchange, 302, "", release);
            } else if (is(path, "/redirect")) {
                exchange.getResponseHeaders().add("Location", url("/ok"));
                answer(exchange, 302, "", release);
            } else if (path.startsWith("/switch/")) {
                boolean isUp = up.contains(path.substring("/switch/".length()).split("/")[0]);
                answer(exchange, isUp ? 200 : 410, isUp ? "success" : "gone", release);
            } else if (is(path, "/gone")) {
                answer(exchange, 410, "gone", release);
            } else if (path.startsWith("/slow-")) {
                Thread.sleep(number(path, "/slow-"));
                answer(exchange, 200, "success", release);
            } else if (is(path, "/hang")) {
                Thread.sleep(10_000);
                answer(exchange, 200, "success", release);
            } else if (path.startsWith("/flaky-")) {
                long failures = number(path, "/flaky-");
                String key = path + "#" + headers.get("x-notify-id");
                int seen = flakyCounts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                answer(exchange, seen <= failures ? 500 : 200, seen <= failures ? "not yet" : "success", release);
            } else if (path.startsWith("/variable/")) {
                String name = path.substring("/variable/".length()).split("/")[0];
                Thread.sleep(delays.getOrDefault(name, 0L));
                answer(exchange, 200, "success", release);
            } else if (path.startsWith("/down-for-")) {
                long failures = number(path, "/down-for-");
                int seen = flakyCounts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                answer(exchange, seen <= failures ? 500 : 200, seen <= failures ? "down" : "success", release);
            } else {
                answer(exchange, 404, "no such script", release);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the dispatcher gave up on us (timeout): nothing to answer
        } finally {
            release.run();
        }
    }

    /**
     * Answers; the request stops counting as open just before, so that the client's next request cannot overlap it.
     */
    private static void answer(HttpExchange exchange, int status, String body, Runnable release) throws IOException {
        release.run();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private void resetConnections() {
        while (!resetListener.isClosed()) {
            try (Socket socket = resetListener.accept()) {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                int read = in.read(buffer);
                String request = read > 0 ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
                received.add(new Received("POST", "/reset", null, Map.of(), request, Instant.now()));
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed, or the peer went away
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        workers.shutdownNow();
        resetListener.close();
    }
}
