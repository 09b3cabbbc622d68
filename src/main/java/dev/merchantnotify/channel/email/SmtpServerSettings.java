package dev.merchantnotify.channel.email;

import java.util.Locale;

/**
 * An SMTP server as the email channel connects to it: the deployment's ({@code notify.email.smtp-*}) or a
 * destination's own.
 *
 * @param username null: no authentication
 * @param password null with a username: an empty password
 */
record SmtpServerSettings(String host, int port, Security security, String username, String password) {

    /** How the connection is protected. */
    enum Security {
        /** Plain SMTP upgraded with {@code STARTTLS}, which the server must offer (port 587 by default). */
        STARTTLS(587),
        /** TLS from the first byte, "SMTPS" (port 465 by default). */
        TLS(465),
        /** No TLS at all: for a relay on the same host or network only (port 25 by default). */
        NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        int defaultPort() {
            return defaultPort;
        }

        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The connections these settings share: the server and the credentials. */
    String connectionKey() {
        return security + "|" + host + "|" + port + "|" + username + "|" + password;
    }

    /** What operators see: {@code smtp://user@host:587 (starttls)}, without the password. */
    String shown() {
        return (security == Security.TLS ? "smtps://" : "smtp://") + (username == null ? "" : username + "@") + host
                + ":" + port + (security == Security.STARTTLS ? " (starttls)" : "");
    }
}
