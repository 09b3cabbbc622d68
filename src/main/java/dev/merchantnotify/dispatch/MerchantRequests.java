package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Builds the request a merchant receives, following the delivery contract (see the README). */
final class MerchantRequests {

    /** Looked up once: {@code Json.createParser} looks the JSON-P provider up on every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

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
        StringBuilder form = new StringBuilder(payloadJson.length());
        try (JsonParser parser = PARSERS.createParser(new StringReader(payloadJson))) {
            parser.next(); // START_OBJECT
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                String text = switch (parser.next()) {
                    case VALUE_STRING, VALUE_NUMBER -> parser.getString();
                    case VALUE_TRUE -> "true";
                    case VALUE_FALSE -> "false";
                    case VALUE_NULL -> "";
                    default -> parser.getValue().toString(); // never for a validated form payload: flat by rule
                };
                if (!form.isEmpty()) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
            }
        }
        return form.toString();
    }
}
