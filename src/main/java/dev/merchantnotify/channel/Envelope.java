package dev.merchantnotify.channel;

import dev.merchantnotify.signing.SigningKeys;
import dev.merchantnotify.signing.WebhookSignature;
import jakarta.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The message a broker channel publishes for one attempt: one JSON object that carries the notification and its
 * payload, and the Standard Webhooks headers that sign it when the destination has a secret, so that a consumer
 * verifies it with the same code as an HTTP delivery in the JSON format.
 *
 * <pre>{"id":"msg_42","notification_id":42,"event":"order.paid","order_no":"BY1","attempt":1,
 *  "created_at":"2026-12-03T08:00:00Z","payload":{…}}</pre>
 *
 * @param body    the JSON object above, as UTF-8 text: what is signed and published
 * @param headers {@code webhook-id}, and with a secret {@code webhook-timestamp} and {@code webhook-signature} (one
 *                {@code v1,…} entry per valid secret, space-separated, as in HTTP)
 */
public record Envelope(String webhookId, String body, Map<String, String> headers) {

    /** The header names, as Standard Webhooks spells them. */
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    /**
     * The envelope of one attempt.
     *
     * @param keys the destination's signing keys, or null: then it is unsigned
     * @param now  the attempt's time: the {@code webhook-timestamp}, and whether a previous secret is still valid
     */
    public static Envelope of(Attempt attempt, SigningKeys keys, Instant now) {
        String webhookId = webhookId(attempt.notificationId());
        String payload = attempt.payload();
        StringBuilder body = new StringBuilder(160 + payload.length())
                .append("{\"id\":\"").append(webhookId)
                .append("\",\"notification_id\":").append(attempt.notificationId())
                .append(",\"event\":").append(Json.createValue(attempt.event()))
                .append(",\"order_no\":").append(Json.createValue(attempt.orderNo()))
                .append(",\"attempt\":").append(attempt.attemptNo())
                .append(",\"created_at\":\"").append(attempt.createdAt())
                .append("\",\"payload\":").append(payload)
                .append('}');
        String text = body.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WEBHOOK_ID, webhookId);
        if (keys != null) {
            long timestamp = now.getEpochSecond();
            headers.put(WEBHOOK_TIMESTAMP, String.valueOf(timestamp));
            headers.put(WEBHOOK_SIGNATURE, keys.secretsAt(now).stream()
                    .map(secret -> WebhookSignature.sign(secret, webhookId, timestamp, text))
                    .collect(Collectors.joining(" ")));
        }
        return new Envelope(webhookId, text, headers);
    }

    /** The Standard Webhooks message id: the same for every attempt of a notification, on every channel. */
    public static String webhookId(long notificationId) {
        return "msg_" + notificationId;
    }
}
