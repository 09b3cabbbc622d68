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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Merchants on loopback that answer as scripted by the request path, and record every request they receive.
 *
 * <table>
 *   <caption>paths</caption>
 *   <tr><td>/ok</td><td>200 {@code success}</td></tr>
 *   <tr><td>/ok-spaced</td><td>200 {@code " SUCCESS\n"}</td></tr>
 *   <tr><td>/json-ok</td><td>201 {@code {"received":true}}</td></tr>
 *   <tr><td>/error</td><td>500</td></tr>
 *   <tr><td>/wrong-body</td><td>200 {@code fail}</td></tr>
 *   <tr><td>/redirect</td><td>302 to /ok</td></tr>
 *   <tr><td>/gone</td><td>410</td></tr>
 *   <tr><td>/slow-{ms}</td><td>waits, then 200 {@code success}</td></tr>
 *   <tr><td>/hang</td><td>never answers (30 s)</td></tr>
 *   <tr><td>/flaky-{n}</td><td>500 for the first n requests of each notification, then {@code success}</td></tr>
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
    private final ServerSocket resetListener;
    private final Thread resetThread;
    private final int refusedPort;

    public StubMerchant() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
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
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    public String resetUrl() {
        return "http://127.0.0.1:" + resetListener.getLocalPort() + "/reset";
    }

    public String refusedUrl() {
        return "http://127.0.0.1:" + refusedPort + "/refused";
    }

    /** Requests received whose body contains {@code marker} (an order number, say). */
    public List<Received> receivedWith(String marker) {
        return received.stream().filter(r -> r.body().contains(marker)).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers,
                body, Instant.now()));
        try {
            if (path.equals("/ok")) {
                answer(exchange, 200, "success");
            } else if (path.equals("/ok-spaced")) {
                answer(exchange, 200, " SUCCESS\n");
            } else if (path.equals("/json-ok")) {
                answer(exchange, 201, "{\"received\":true}");
            } else if (path.equals("/error")) {
                answer(exchange, 500, "internal error");
            } else if (path.equals("/wrong-body")) {
                answer(exchange, 200, "fail");
            } else if (path.equals("/redirect")) {
                exchange.getResponseHeaders().add("Location", url("/ok"));
                answer(exchange, 302, "");
            } else if (path.equals("/gone")) {
                answer(exchange, 410, "gone");
            } else if (path.startsWith("/slow-")) {
                Thread.sleep(Long.parseLong(path.substring("/slow-".length())));
                answer(exchange, 200, "success");
            } else if (path.equals("/hang")) {
                Thread.sleep(30_000);
                answer(exchange, 200, "success");
            } else if (path.startsWith("/flaky-")) {
                int failures = Integer.parseInt(path.substring("/flaky-".length()));
                String key = path + "#" + headers.get("x-notify-id");
                int seen = flakyCounts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                answer(exchange, seen <= failures ? 500 : 200, seen <= failures ? "not yet" : "success");
            } else {
                answer(exchange, 404, "no such script");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the dispatcher gave up on us (timeout): nothing to answer
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
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
