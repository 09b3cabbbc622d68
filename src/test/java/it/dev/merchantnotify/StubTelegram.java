package it.dev.merchantnotify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Telegram Bot API on loopback (the port the test server's {@code notify.alerting.telegram.api-url} names): records
 * every {@code sendMessage} and answers as told: ok, an HTTP error, or too late.
 */
public final class StubTelegram implements AutoCloseable {

    /** One message as the Bot API received it. */
    public record Message(String path, String chatId, String text, Instant at) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile int status = 200;
    private volatile long delayMillis;

    public StubTelegram() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.getInteger("it.telegram.port", 9382)), 64);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /** From now on, answer with this status (200: ok). */
    public void answerWith(int httpStatus) {
        status = httpStatus;
    }

    /** From now on, wait this long before answering. */
    public void delay(long millis) {
        delayMillis = millis;
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The messages whose text contains {@code marker}. */
    public List<Message> messagesWith(String marker) {
        return messages.stream().filter(message -> message.text().contains(marker)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            json = reader.readObject();
        }
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int answer = status;
        String reply;
        if (answer == 200) {
            messages.add(new Message(exchange.getRequestURI().getPath(), json.getString("chat_id"),
                    json.getString("text"), Instant.now()));
            reply = "{\"ok\":true,\"result\":{\"message_id\":" + nextId.getAndIncrement() + "}}";
        } else {
            reply = "{\"ok\":false,\"error_code\":" + answer + ",\"description\":\"stub says " + answer + "\"}";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(answer, bytes.length);
            out.write(bytes);
        } catch (IOException clientGone) {
            // the server gave up waiting (timeout)
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
