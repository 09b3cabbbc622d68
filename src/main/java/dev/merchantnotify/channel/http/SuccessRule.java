package dev.merchantnotify.channel.http;

import dev.merchantnotify.deliverylog.DeliveryFormat;

/**
 * Whether a merchant's answer acknowledges the notification.
 *
 * <ul>
 *   <li>form (the payment-gateway convention): HTTP 2xx and a body that is {@code success} once trimmed, in any case
 *       (a UTF-8 byte-order mark, as some PHP files emit, is ignored);</li>
 *   <li>json: any HTTP 2xx.</li>
 * </ul>
 */
public final class SuccessRule {

    private SuccessRule() {
    }

    public static boolean is2xx(int status) {
        return status >= 200 && status < 300;
    }

    public static boolean acknowledges(DeliveryFormat format, int status, String body) {
        if (!is2xx(status)) {
            return false;
        }
        if (format == DeliveryFormat.JSON) {
            return true;
        }
        String text = body == null ? "" : body.replace("\uFEFF", "").strip();
        return text.equalsIgnoreCase("success");
    }
}
