package dev.merchantnotify.deliverylog;

import java.util.Locale;
import java.util.Optional;

/** How a notification is put on the wire. */
public enum DeliveryFormat {
    /** {@code application/x-www-form-urlencoded} of the payload's fields; success is a 2xx whose body is {@code success}. */
    FORM,
    /** {@code application/json} of the payload; success is any 2xx. */
    JSON;

    /** The lower-case name used in the API. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryFormat> fromApiName(String name) {
        for (DeliveryFormat format : values()) {
            if (format.apiName().equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
