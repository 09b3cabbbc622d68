package dev.merchantnotify.routing;

import java.util.Locale;
import java.util.Optional;

/** A member's part in a broadcast route; in other routes every member is {@link #REQUIRED}. */
public enum MemberRole {
    /** Must succeed for the notification to succeed. */
    REQUIRED,
    /** Tried and logged, never changes the notification's status. */
    COPY;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MemberRole> fromApiName(String name) {
        for (MemberRole role : values()) {
            if (role.apiName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
