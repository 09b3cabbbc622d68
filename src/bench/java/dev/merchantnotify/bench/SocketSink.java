package dev.merchantnotify.bench;

import com.standardwebhooks.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merchants that take their notifications over WebSockets, as the fault suite and the benchmark see them: one account
 * per merchant with a {@code websocket} destination and a secret, one socket per merchant opened to a chosen node
 * with a signed handshake (the JDK's client, signed with the Standard Webhooks library), every frame acknowledged at
 * once and counted as a copy of its notification's attempt. {@link #stop()} closes the sockets (the merchants go
 * offline), {@link #start()} opens them again, on the node {@link #connect} last named.
 */
final class SocketSink extends BrokerSink {

    private static final Pattern FRAME_ID = Pattern.compile("\"id\":\"msg_(\\d+)\"");
    private static final Pattern FRAME_ATTEMPT = Pattern.compile("\"attempt\":(\\d+)");
    private static final Pattern DESTINATION_KEY = Pattern.compile("\"destination_key\":\"(\\w+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> merchantNos = new ArrayList<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    /** Per notification, when its first frame arrived ({@link System#nanoTime()}): the benchmark's latency. */
    final Map<Long, Long> firstArrival = new ConcurrentHashMap<>();
    private final AtomicLong closedByServer = new AtomicLong();
    private volatile boolean leaving;
    private int port;

    @Override
    String type() {
        return "websocket";
    }

    @Override
    String settings() {
        return "{}";
    }

    @Override
    void prepare(String run) {
        // nothing to make: the merchants come to the server
    }

    /** Registers the accounts as {@link BrokerSink#register} does, and issues each destination's secret. */
    @Override
    Workload register(BenchServer server, MerchantSimulator simulator, String accounts)
            throws IOException, InterruptedException {
        Workload workload = super.register(server, simulator, accounts);
        for (int m = 0; m < Workload.MERCHANTS; m++) {
            String no = accounts + m;
            Matcher key = DESTINATION_KEY.matcher(server.admin("GET", "accounts/" + no, ""));
            if (!key.find()) {
                throw new IllegalStateException("no destination_key for " + no);
            }
            Matcher secret = SECRET.matcher(server.admin("POST", "merchant-secret", "{\"merchant_key\":\""
                    + key.group(1) + "\"}"));
            if (!secret.find()) {
                throw new IllegalStateException("no secret issued for " + no);
            }
            merchantNos.add(no);
            secrets.put(no, secret.group(1));
        }
        return workload;
    }

    /** Opens one socket per merchant to the node on {@code serverPort}; returns once all are open. */
    void connect(int serverPort) throws Exception {
        port = serverPort;
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (String no : merchantNos) {
            long timestamp = Instant.now().getEpochSecond();
            String nonce = UUID.randomUUID().toString().replace("-", "");
            String signature = new Webhook(secrets.get(no)).sign(nonce, timestamp, no + "/broker");
            String query = "merchant_no=" + encode(no) + "&destination=broker&timestamp=" + timestamp + "&nonce="
                    + nonce + "&signature=" + encode(signature);
            opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create("ws://127.0.0.1:" + serverPort + "/ws/v1/notifications?" + query),
                            listener()));
        }
        synchronized (sockets) {
            for (CompletableFuture<WebSocket> open : opening) {
                sockets.add(open.get(30, TimeUnit.SECONDS));
            }
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String frame = partial.toString();
                    partial.setLength(0);
                    Matcher id = FRAME_ID.matcher(frame);
                    if (frame.startsWith("{\"type\":\"notification\"") && id.find()) {
                        Matcher attempt = FRAME_ATTEMPT.matcher(frame);
                        long notificationId = Long.parseLong(id.group(1));
                        firstArrival.putIfAbsent(notificationId, System.nanoTime());
                        copy(notificationId, attempt.find() ? Integer.parseInt(attempt.group(1)) : 0);
                        socket.sendText("{\"type\":\"ack\",\"id\":\"msg_" + notificationId
                                + "\",\"result\":\"success\"}", true);
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                if (!leaving) {
                    closedByServer.incrementAndGet();
                    Bench.log("websocket: the server closed a merchant's socket: %d %s", statusCode, reason);
                }
                return null;
            }
        };
    }

    /** Sockets the server closed (a refused handshake among them). */
    long closedByServer() {
        return closedByServer.get();
    }

    /** The merchants go offline: every socket closed, the server's close frame awaited. */
    @Override
    void stop() {
        leaving = true;
        List<WebSocket> open;
        synchronized (sockets) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        for (WebSocket socket : open) {
            closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "offline").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null));
        }
        closing.forEach(CompletableFuture::join);
        for (WebSocket socket : open) {
            socket.abort();
        }
        leaving = false;
    }

    /** The merchants come back, to the node they were last connected to. */
    @Override
    void start() throws Exception {
        connect(port);
    }

    @Override
    public void close() {
        stop();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
