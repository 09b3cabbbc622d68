package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/** Builds the request a merchant receives, following the delivery contract (see the README). */
final class MerchantRequests {

    static final String USER_AGENT = "MerchantNotify/" + Version.CURRENT;

    private MerchantRequests() {
    }

    static HttpRequest build(DeliveryTask task, Duration timeout) {
        boolean json = task.format() == DeliveryFormat.JSON;
        String body = json ? task.payload() : formBody(task.payload());
        return HttpRequest.newBuilder(URI.create(task.notifyUrl()))
                .timeout(timeout)
                .header("Content-Type", json ? "application/json; charset=utf-8"
                        : "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header("X-Notify-Id", String.valueOf(task.notificationId()))
                .header("X-Notify-Attempt", String.valueOf(task.attemptNo()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** {@code key=value&…} of the payload's fields in their order; strings as they are, numbers and booleans as written, null as empty. */
    static String formBody(String payloadJson) {
        JsonObject payload;
        try (JsonReader reader = Json.createReader(new StringReader(payloadJson))) {
            payload = reader.readObject();
        }
        StringJoiner form = new StringJoiner("&");
        for (Map.Entry<String, JsonValue> field : payload.entrySet()) {
            JsonValue value = field.getValue();
            String text = switch (value.getValueType()) {
                case STRING -> ((JsonString) value).getString();
                case NULL -> "";
                default -> value.toString();
            };
            form.add(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(text, StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
