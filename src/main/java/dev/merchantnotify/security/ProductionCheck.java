package dev.merchantnotify.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Production mode ({@code notify.security.production-mode=true}, set by the packaged server and the service unit)
 * turns the development defaults off: before anything else starts, it checks that the admin and producer passwords
 * are set, are not the development ones and are at least 12 characters (or encoded by Liberty's
 * {@code securityUtility}), and that {@code notify.security.secret-key} is set and not the development key. If not,
 * it logs what to set and stops the server: the JVM exits with status 1.
 */
@ApplicationScoped
public class ProductionCheck {

    /** The development passwords of server.xml, by variable. */
    static final Map<String, String> DEVELOPMENT_PASSWORDS =
            Map.of("ADMIN_PASSWORD", "admin-dev-secret", "PRODUCER_PASSWORD", "producer-dev-secret");
    static final int MIN_PASSWORD_LENGTH = 12;

    private static final Logger LOG = Logger.getLogger(ProductionCheck.class.getName());

    @Inject
    SecuritySettings settings;

    @Inject
    SecretCipher cipher;

    @Inject
    Config config;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class)
               Object started) {
        if (!settings.productionMode()) {
            LOG.info("Development mode: the development passwords and keys are accepted and deliveries may go to "
                    + "notify.security.allowed-networks " + settings.allowedNetworks() + ". Production sets "
                    + "NOTIFY_SECURITY_PRODUCTION_MODE=true.");
            return;
        }
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class),
                cipher.usesDevelopmentKey());
        if (problems.isEmpty()) {
            LOG.info("Production mode: credentials and the secret key are set; deliveries go to public addresses"
                    + (settings.allowedNetworks().isEmpty() ? " only" : " and " + settings.allowedNetworks()) + ".");
            return;
        }
        String message = "Production mode (notify.security.production-mode=true) refuses to start: "
                + String.join("; ", problems) + ". The server stops.";
        LOG.severe(message);
        Thread stopper = new Thread(() -> System.exit(1), "production-check-stop");
        stopper.setDaemon(true);
        stopper.start();
        throw new IllegalStateException(message);
    }

    /**
     * What production mode does not accept, each as a sentence saying what to set.
     *
     * @param lookup         a setting or server variable by name
     * @param developmentKey whether the secret key in use is the development key
     */
    static List<String> problems(Function<String, Optional<String>> lookup, boolean developmentKey) {
        List<String> problems = new ArrayList<>();
        for (String variable : List.of("ADMIN_PASSWORD", "PRODUCER_PASSWORD")) {
            String value = lookup.apply(variable).map(String::strip).orElse("");
            boolean encoded = value.startsWith("{xor}") || value.startsWith("{aes}") || value.startsWith("{hash}");
            if (value.isEmpty() || value.contains("${")) {
                problems.add(variable + " is not set: set it (environment or server.env) to a password of at least "
                        + MIN_PASSWORD_LENGTH + " characters");
            } else if (value.equals(DEVELOPMENT_PASSWORDS.get(variable))) {
                problems.add(variable + " is the development default: set it (environment or server.env) to a "
                        + "password of at least " + MIN_PASSWORD_LENGTH + " characters");
            } else if (!encoded && value.length() < MIN_PASSWORD_LENGTH) {
                problems.add(variable + " is shorter than " + MIN_PASSWORD_LENGTH + " characters");
            }
        }
        if (lookup.apply("notify.security.secret-key").filter(key -> !key.isBlank()).isEmpty()) {
            problems.add("notify.security.secret-key is not set: set NOTIFY_SECURITY_SECRET_KEY to 32 random bytes "
                    + "in Base64 (openssl rand -base64 32), and keep it");
        } else if (developmentKey) {
            problems.add("notify.security.secret-key is the public development key: set NOTIFY_SECURITY_SECRET_KEY "
                    + "to 32 random bytes in Base64 (openssl rand -base64 32)");
        }
        return problems;
    }
}
