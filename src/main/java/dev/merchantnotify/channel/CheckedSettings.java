package dev.merchantnotify.channel;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.JsonObject;

/**
 * A destination's settings as its channel accepted them, split in two: what is kept in plain and shown to operators,
 * and the secret values (credentials), kept encrypted and never shown again.
 *
 * @param plain   the settings without secret values, normalised
 * @param secrets the secret values, an empty object when there are none
 * @param address what an operator and the delivery log see of the target, credentials and query removed
 * @param format  how the payload is encoded, where the channel gives a choice
 */
public record CheckedSettings(JsonObject plain, JsonObject secrets, String address, DeliveryFormat format) {
}
