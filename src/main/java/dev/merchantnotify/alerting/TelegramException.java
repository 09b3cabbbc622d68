package dev.merchantnotify.alerting;

/**
 * Telegram refused a message. {@link Unavailable} (HTTP 429 or 5xx) is worth retrying; {@link Rejected} (any other
 * 4xx: a wrong token, an unknown chat) is not.
 */
public abstract sealed class TelegramException extends RuntimeException
        permits TelegramException.Unavailable, TelegramException.Rejected {

    private static final long serialVersionUID = 1L;

    TelegramException(int status, String description) {
        super("Telegram answered HTTP " + status + (description == null || description.isBlank() ? "" : ": " + description));
    }

    /** 429 or 5xx: try again later. */
    public static final class Unavailable extends TelegramException {
        private static final long serialVersionUID = 1L;

        Unavailable(int status, String description) {
            super(status, description);
        }
    }

    /** Any other 4xx: the request itself is wrong. */
    public static final class Rejected extends TelegramException {
        private static final long serialVersionUID = 1L;

        Rejected(int status, String description) {
            super(status, description);
        }
    }
}
