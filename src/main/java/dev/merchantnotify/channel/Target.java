package dev.merchantnotify.channel;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.JsonObject;

/**
 * Where an attempt goes: a destination, as the channel that serves it needs it.
 *
 * @param key     the destination's health key: its breaker, lane, response-time window and signing keys go by it (for
 *                a notification with only a {@code notify_url}, the seed's merchant key of that URL)
 * @param channel the {@link Channel#type()} that delivers to it
 * @param address what the channel sends to (for {@code http}, the URL); may carry credentials, so it is not shown
 *                (operators see a destination's address without them)
 * @param format  how the payload is encoded where the channel gives a choice ({@code http}: form or JSON)
 * @param settings a registered destination's settings, its secret values included, as its channel needs them
 *                 ({@link Channel#target}); null for a notification's own {@code notify_url}
 */
public record Target(String key, String channel, String address, DeliveryFormat format, JsonObject settings) {

    /** The {@code http} channel's type name. */
    public static final String HTTP = "http";

    /** A destination's plain settings with its secret values added: what a channel's target carries. */
    public static JsonObject withSecrets(JsonObject settings, JsonObject secrets) {
        return jakarta.json.Json.createObjectBuilder(settings).addAll(jakarta.json.Json.createObjectBuilder(secrets))
                .build();
    }

    /** The destination every notification with only a {@code notify_url} has: HTTP to that URL, keyed as today. */
    public static Target notifyUrl(String merchantKey, String notifyUrl, DeliveryFormat format) {
        return new Target(merchantKey, HTTP, notifyUrl, format, null);
    }
}
