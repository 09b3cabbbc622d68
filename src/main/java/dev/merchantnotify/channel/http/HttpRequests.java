package dev.merchantnotify.channel.http;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.Envelope;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.platform.Version;
import dev.merchantnotify.signing.FormSignature;
import dev.merchantnotify.signing.SigningKeys;
import dev.merchantnotify.signing.WebhookSignature;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the request a merchant receives, following the delivery contract (see the README), signed if the merchant has a secret. */
final class HttpRequests {

    /** Looked up once: {@code Json.createParser} looks the JSON-P provider up on every call. */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    static final String USER_AGENT = "MerchantNotify/" + Version.CURRENT;
    /** During a rotation's grace period, the {@code sign} of a form delivery under the previous secret. */
    static final String PREVIOUS_SIGN_HEADER = "X-Notify-Previous-Sign";

    private HttpRequests() {
    }

    /**
     * The request of one attempt.
     *
     * @param keys the merchant's signing keys, or null: then the request is unsigned
     * @param now  the attempt's time: the {@code webhook-timestamp}, and whether a previous secret is still valid
     */
    static HttpRequest build(Attempt attempt, SigningKeys keys, Instant now) {
        boolean json = attempt.target().format() == DeliveryFormat.JSON;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", json ? "application/json; charset=utf-8"
                : "application/x-www-form-urlencoded; charset=utf-8");
        headers.put("User-Agent", USER_AGENT);
        headers.put("X-Notify-Id", String.valueOf(attempt.notificationId()));
        headers.put("X-Notify-Attempt", String.valueOf(attempt.attemptNo()));
        String body;
        if (json) {
            body = attempt.payload();
            if (keys != null) {
                String webhookId = Envelope.webhookId(attempt.notificationId());
                long timestamp = now.getEpochSecond();
                headers.put("webhook-id", webhookId);
                headers.put("webhook-timestamp", String.valueOf(timestamp));
                headers.put("webhook-signature", keys.secretsAt(now).stream()
                        .map(secret -> WebhookSignature.sign(secret, webhookId, timestamp, body))
                        .collect(Collectors.joining(" ")));
            }
        } else {
            Map<String, String> fields = formFields(attempt.payload());
            if (keys != null) {
                fields.remove("sign");
                fields.remove("sign_type");
                String previous = keys.previousAt(now);
                if (previous != null) {
                    headers.put(PREVIOUS_SIGN_HEADER, FormSignature.sign(fields, keys.signType(), previous));
                }
                String sign = FormSignature.sign(fields, keys.signType(), keys.secret());
                fields.put("sign", sign);
                fields.put("sign_type", keys.signType().apiName());
            }
            body = formBody(fields);
        }
        return new HttpRequest(URI.create(attempt.target().address()), headers, body);
    }

    /** {@code key=value&…} of the fields in their order, form-encoded. */
    static String formBody(Map<String, String> fields) {
        StringBuilder form = new StringBuilder(64 * fields.size());
        fields.forEach((key, text) -> {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
        });
        return form.toString();
    }

    /** The payload's fields in their order: strings as they are, numbers and booleans as written, null as empty. */
    static Map<String, String> formFields(String payloadJson) {
        Map<String, String> fields = new LinkedHashMap<>();
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
                fields.put(key, text);
            }
        }
        return fields;
    }
}
