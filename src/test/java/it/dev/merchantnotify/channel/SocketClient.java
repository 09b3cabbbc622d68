package it.dev.merchantnotify.channel;

import com.standardwebhooks.Webhook;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A merchant's WebSocket client as a test drives it: the JDK's own client, a signed handshake made with the Standard
 * Webhooks library (as a merchant would), every frame it receives in a queue, and how the server closed it.
 */
public final class SocketClient implements AutoCloseable {

    /** How the server closed the socket: its code and reason. */
    record Closed(int code, String reason) {
    }

    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private WebSocket socket;

    /** The query of a handshake, signed with {@code secret}. */
    static String query(String merchantNo, String destination, String secret, long timestamp, String nonce)
            throws Exception {
        String signature = new Webhook(secret).sign(nonce, timestamp, merchantNo + "/" + destination);
        return "merchant_no=" + encode(merchantNo) + "&destination=" + encode(destination) + "&timestamp="
                + timestamp + "&nonce=" + encode(nonce) + "&signature=" + encode(signature);
    }

    public static String freshQuery(String merchantNo, String destination, String secret) throws Exception {
        return query(merchantNo, destination, secret, Instant.now().getEpochSecond(),
                UUID.randomUUID().toString().replace("-", ""));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Connects with this query; the handshake's verdict comes as frames or as the close. */
    public static SocketClient connect(int port, String query) throws Exception {
        SocketClient client = new SocketClient();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/v1/notifications?" + query), client.listener())
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Closed(-1, String.valueOf(error)));
            }
        };
    }

    /** The next frame, or null when none came within {@code wait}. */
    public JsonObject next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void ack(String id, String result, String reason) {
        send(Json.createObjectBuilder().add("type", "ack").add("id", id).add("result", result)
                .add("reason", reason == null ? "" : reason).build().toString());
    }

    Closed awaitClosed(Duration wait) throws Exception {
        return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes the socket and waits for the server's close frame (the server has let go of the session by then). */
    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
        closed.completeOnTimeout(new Closed(-1, "no close frame from the server"), 5, TimeUnit.SECONDS).join();
    }
}
