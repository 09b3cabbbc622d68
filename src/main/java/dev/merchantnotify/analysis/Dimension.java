package dev.merchantnotify.analysis;

import java.util.Locale;

/**
 * What analysis figures can be broken down and filtered by. {@code merchant} is the account's merchant_no, or the
 * merchant key of a notification sent to its own notify_url only; {@code destination} the destination key;
 * {@code failure_kind} {@code none} for successes; {@code status} the HTTP status (0: none, as for the channels that are not
 * HTTP, whose provider's code is in the attempt's answer).
 */
public enum Dimension {
    MERCHANT("merchant", "merchant"),
    DESTINATION("destination", "destination_key"),
    CHANNEL("channel", "channel"),
    EVENT("event", "event"),
    FAILURE_KIND("failure_kind", "failure_kind"),
    STATUS("status", "status");

    private final String apiName;
    final String column;

    Dimension(String apiName, String column) {
        this.apiName = apiName;
        this.column = column;
    }

    public String apiName() {
        return apiName;
    }

    /** A value as the API shows it: a success's empty failure kind is {@code none}. */
    public String shown(String stored) {
        return this == FAILURE_KIND && stored.isEmpty() ? NONE : stored;
    }

    /** A value as the API is given it, as stored. */
    String stored(String shown) {
        return this == FAILURE_KIND && shown.equals(NONE) ? "" : shown;
    }

    /** The failure kind of a success, as the API shows it. */
    public static final String NONE = "none";

    /** Whether only the detailed rollups (per merchant and destination) have it. */
    boolean detailed() {
        return this == MERCHANT || this == DESTINATION;
    }

    /** The dimension of an API name, or null. */
    public static Dimension of(String name) {
        for (Dimension dimension : values()) {
            if (dimension.apiName.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return dimension;
            }
        }
        return null;
    }
}
