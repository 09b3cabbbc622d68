package dev.merchantnotify.channel.email;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's email settings ({@code notify.email.*}), read once and validated at start-up (a wrong value stops
 * the application with a sentence naming the key): the SMTP server and sender destinations use unless they name their
 * own, the built-in templates' language, and how many connections one SMTP server gets. Defaults and meanings are in
 * {@code META-INF/microprofile-config.properties}.
 */
@ApplicationScoped
public class EmailDeployment {

    @Inject
    @ConfigProperty(name = "notify.email.smtp-host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "notify.email.smtp-port")
    int port;

    @Inject
    @ConfigProperty(name = "notify.email.smtp-security")
    String security;

    @Inject
    @ConfigProperty(name = "notify.email.smtp-username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "notify.email.smtp-password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "notify.email.from")
    Optional<String> from;

    @Inject
    @ConfigProperty(name = "notify.email.language")
    String language;

    @Inject
    @ConfigProperty(name = "notify.email.connections-per-server")
    int connectionsPerServer;

    private SmtpServerSettings server;
    private String sender;

    @PostConstruct
    void validate() {
        SmtpServerSettings.Security parsedSecurity;
        try {
            parsedSecurity = SmtpServerSettings.Security.valueOf(security.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("notify.email.smtp-security", "starttls, tls or none, not '" + security + "'");
        }
        if (port < 0 || port > 65535) {
            throw invalid("notify.email.smtp-port", "between 1 and 65535, or 0 for the security's usual port");
        }
        String givenHost = host.map(String::strip).filter(h -> !h.isEmpty()).orElse(null);
        String user = username.map(String::strip).filter(u -> !u.isEmpty()).orElse(null);
        server = givenHost == null ? null : new SmtpServerSettings(givenHost.toLowerCase(Locale.ROOT),
                port == 0 ? parsedSecurity.defaultPort() : port, parsedSecurity, user,
                user == null ? null : password.orElse(null));
        sender = from.map(String::strip).filter(f -> !f.isEmpty()).orElse(null);
        if (sender != null) {
            try {
                EmailSettings.address("notify.email.from", sender, true);
            } catch (dev.merchantnotify.channel.InvalidSetting e) {
                throw invalid("notify.email.from", "an address such as 'Merchant Notify <notify@pay.example>'");
            }
        }
        if (!language.equals("zh") && !language.equals("en")) {
            throw invalid("notify.email.language", "zh or en");
        }
        if (connectionsPerServer < 1 || connectionsPerServer > 64) {
            throw invalid("notify.email.connections-per-server", "between 1 and 64");
        }
    }

    private static IllegalStateException invalid(String key, String expectation) {
        return new IllegalStateException("Invalid setting " + key + ": it must be " + expectation);
    }

    /** The deployment's SMTP server, or null when none is configured (then every destination names its own). */
    SmtpServerSettings server() {
        return server;
    }

    /** The deployment's sender, or null when none is configured (then every destination names its own). */
    String from() {
        return sender;
    }

    /** The built-in templates' language where a destination does not choose: {@code zh} or {@code en}. */
    String language() {
        return language;
    }

    /** How many connections, each with its own thread, one SMTP server gets at most from this node. */
    int connectionsPerServer() {
        return connectionsPerServer;
    }
}
