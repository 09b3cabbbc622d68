package it.dev.merchantnotify;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** The integration-test server's API as a producer sees it: HTTP Basic, JSON in, envelope out. */
public final class NotifyApi {

    public static final String PRODUCER = "producer";
    public static final String PRODUCER_PASSWORD = "producer-dev-secret";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-dev-secret";

    /** An answer: the HTTP status and the parsed envelope (null if the body was not JSON). */
    public record Answer(int status, JsonObject envelope, String rawBody, java.net.http.HttpHeaders headers) {
        /** A response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonObject data() {
            return envelope.getJsonObject("data");
        }

        public String msg() {
            return envelope.getString("msg");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base = "http://localhost:" + Integer.getInteger("it.http.port", 9181);

    /** A prefix that makes this run's order numbers unique, so tests never see each other's rows. */
    public static String uniqueOrderNo(String label) {
        return "IT-" + label + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    public Answer submit(String json) {
        return post("/api/v1/notifications", "application/json", json, PRODUCER, PRODUCER_PASSWORD);
    }

    public Answer submitBatch(String json) {
        return post("/api/v1/notifications/batch", "application/json", json, PRODUCER, PRODUCER_PASSWORD);
    }

    public Answer post(String path, String contentType, String body, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, user, password);
    }

    public Answer get(String pathAndQuery) {
        return getAs(pathAndQuery, PRODUCER, PRODUCER_PASSWORD);
    }

    public Answer getAs(String pathAndQuery, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), user, password);
    }

    /** A GET of the admin API as the admin user. */
    public Answer admin(String pathAndQuery) {
        return getAs("/admin/merchant-notify/" + pathAndQuery, ADMIN, ADMIN_PASSWORD);
    }

    /** A JSON POST to the admin API as the admin user. */
    public Answer adminPost(String path, String json) {
        return post("/admin/merchant-notify/" + path, "application/json", json, ADMIN, ADMIN_PASSWORD);
    }

    /** A JSON PUT to the admin API as the admin user. */
    public Answer adminPut(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + "/admin/merchant-notify/" + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)), ADMIN, ADMIN_PASSWORD);
    }

    /** A DELETE of the admin API as the admin user. */
    public Answer adminDelete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + "/admin/merchant-notify/" + path)).DELETE(), ADMIN,
                ADMIN_PASSWORD);
    }

    public JsonObject notification(long id) {
        Answer answer = get("/api/v1/notifications/" + id);
        if (answer.status() != 200) {
            fail("GET notification " + id + " answered " + answer.status() + ": " + answer.rawBody());
        }
        return answer.data();
    }

    /** Waits until the notification leaves PENDING (or matches {@code status}); fails after {@code timeout}. */
    public JsonObject awaitStatus(long id, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject current;
        do {
            current = notification(id);
            if (current.getString("status").equals(status)) {
                return current;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        return fail("notification " + id + " is not " + status + " after " + timeout + ": " + current);
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting until " + what);
            }
            sleep(50);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A minimal notification body; {@code extra} is spliced in as more fields (e.g. {@code "\"format\":\"json\""}). */
    public static String notificationJson(String orderNo, String notifyUrl, String extra) {
        return "{\"order_no\":\"" + orderNo + "\",\"notify_url\":\"" + notifyUrl + "\",\"payload\":{\"order_no\":\""
                + orderNo + "\",\"amount\":\"88.00\",\"trade_status\":\"TRADE_SUCCESS\"}"
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private Answer send(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject envelope = null;
            try {
                JsonValue value = Json.createReader(new StringReader(response.body())).readValue();
                envelope = value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : null;
            } catch (RuntimeException notJson) {
                // e.g. the server's own 401 page
            }
            return new Answer(response.statusCode(), envelope, response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
