package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.BroadcastPart;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.deliverylog.NewNotification;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated request to notify a merchant. {@link #parse} is the one place where ingest input is checked; every
 * message it gives names the field at fault. A request for a broadcast route carries the copies to make
 * ({@code copies}, empty for any other request).
 */
public record NotificationRequest(String orderNo, String event, String notifyUrl, MerchantKey merchantKey,
                                  DeliveryFormat format, String payloadJson, String merchantNo,
                                  List<BroadcastCopy> copies) {

    /**
     * One copy of a broadcast: to a registered destination ({@code destinationId}) or, with a null id, to the
     * request's own notify URL; {@code key} is that destination's key.
     */
    public record BroadcastCopy(Long destinationId, MerchantKey key, BroadcastPart role) {
    }

    /**
     * The same request, routed by its merchant account: {@code key} is the destination it starts at (its own notify
     * URL's merchant key if it has one, else the route's first member's).
     */
    public NotificationRequest startingAt(MerchantKey key) {
        return new NotificationRequest(orderNo, event, notifyUrl, key, format, payloadJson, merchantNo, List.of());
    }

    /** The same request, for a broadcast route: kept under the account's key, delivered as {@code copies}. */
    public NotificationRequest broadcast(MerchantKey accountKey, List<BroadcastCopy> copies) {
        return new NotificationRequest(orderNo, event, notifyUrl, accountKey, format, payloadJson, merchantNo,
                List.copyOf(copies));
    }

    /** The merchant key of its own notify URL, or null if it has none. */
    public MerchantKey notifyUrlKey() {
        if (notifyUrl == null) {
            return null;
        }
        return copies.isEmpty() ? merchantKey : copies.stream().filter(copy -> copy.destinationId() == null)
                .findFirst().map(BroadcastCopy::key).orElseThrow();
    }

    /** What is stored: the notification, then, for a broadcast, its copies. */
    public List<NewNotification> toStore() {
        NewNotification first = new NewNotification(orderNo, event, copies.isEmpty() ? notifyUrl : null,
                merchantKey.value(), format, payloadJson, merchantNo, copies.isEmpty() ? null : BroadcastPart.BROADCAST,
                null, 0);
        if (copies.isEmpty()) {
            return List.of(first);
        }
        List<NewNotification> all = new ArrayList<>(copies.size() + 1);
        all.add(first);
        for (int i = 0; i < copies.size(); i++) {
            BroadcastCopy copy = copies.get(i);
            all.add(new NewNotification(orderNo, event, copy.destinationId() == null ? notifyUrl : null,
                    copy.key().value(), format, payloadJson, merchantNo, copy.role(), copy.destinationId(), i + 1));
        }
        return all;
    }

    public static final String DEFAULT_EVENT = "order.paid";

    /** The idempotency key: one notification per order and event. */
    public String idempotencyKey() {
        return idempotencyKey(orderNo, event);
    }

    static String idempotencyKey(String orderNo, String event) {
        return orderNo + '\u0000' + event;
    }

    /**
     * Validates one notification object.
     *
     * @param where prefix for messages: {@code ""} for a single submission, {@code "notifications[3]."} in a batch
     * @param guard judges the notify URL's host (see {@link OutboundGuard#parseNotifyUrl})
     * @throws ApiException (400) naming the first field at fault
     */
    public static NotificationRequest parse(JsonValue value, String where, OutboundGuard guard) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad(where.isEmpty() ? "the body must be a JSON object" : where.substring(0, where.length() - 1)
                    + " must be a JSON object");
        }
        JsonObject json = value.asJsonObject();
        String orderNo = text(json, "order_no", where, true, Notification.MAX_ORDER_NO_LENGTH);
        String event = text(json, "event", where, false, Notification.MAX_EVENT_LENGTH);
        String merchantNo = text(json, "merchant_no", where, false, Notification.MAX_MERCHANT_NO_LENGTH);
        String notifyUrl = text(json, "notify_url", where, merchantNo == null, Notification.MAX_NOTIFY_URL_LENGTH);
        URI uri = notifyUrl == null ? null : notifyUri(notifyUrl, where, guard);
        DeliveryFormat format = format(json, where);
        String payload = payload(json, format, where);
        return new NotificationRequest(orderNo, event == null ? DEFAULT_EVENT : event, notifyUrl,
                uri == null ? null : MerchantKey.of(uri), format, payload, merchantNo, List.of());
    }

    private static String text(JsonObject json, String field, String where, boolean required, int maxLength) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw bad(where + field + " is required");
            }
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw bad(where + field + " must be a string");
        }
        String text = ((JsonString) value).getString();
        if (text.isBlank()) {
            throw bad(where + field + " must not be blank");
        }
        if (text.length() > maxLength) {
            throw bad(where + field + " is " + text.length() + " characters long; at most " + maxLength + " are allowed");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw bad(where + field + " contains control characters");
        }
        return text;
    }

    private static URI notifyUri(String notifyUrl, String where, OutboundGuard guard) {
        try {
            return guard.parseNotifyUrl(notifyUrl);
        } catch (IllegalArgumentException e) {
            throw bad(where + "notify_url " + e.getMessage());
        }
    }

    private static DeliveryFormat format(JsonObject json, String where) {
        JsonValue value = json.get("format");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return DeliveryFormat.FORM;
        }
        String name = value.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) value).getString() : null;
        return DeliveryFormat.fromApiName(name)
                .orElseThrow(() -> bad(where + "format must be \"form\" or \"json\", not " + value));
    }

    private static String payload(JsonObject json, DeliveryFormat format, String where) {
        JsonValue value = json.get("payload");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw bad(where + "payload is required");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw bad(where + "payload must be a JSON object");
        }
        if (format == DeliveryFormat.FORM) {
            for (Map.Entry<String, JsonValue> field : value.asJsonObject().entrySet()) {
                JsonValue.ValueType type = field.getValue().getValueType();
                if (type == JsonValue.ValueType.OBJECT || type == JsonValue.ValueType.ARRAY) {
                    throw bad(where + "payload." + field.getKey() + " must be a string, number, boolean or null for "
                            + "format \"form\" (use format \"json\" for nested data)");
                }
            }
        }
        String text = value.toString();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > Notification.MAX_PAYLOAD_BYTES) {
            throw bad(where + "payload is " + bytes + " bytes as JSON; at most " + Notification.MAX_PAYLOAD_BYTES
                    + " are allowed");
        }
        return text;
    }

    private static ApiException bad(String message) {
        return ApiException.badRequest(message);
    }
}
