package dev.merchantnotify.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProductionCheckTest {

    private static List<String> problems(Map<String, String> settings, boolean developmentKey) {
        return ProductionCheck.problems(name -> Optional.ofNullable(settings.get(name)), developmentKey);
    }

    private static Map<String, String> good() {
        Map<String, String> settings = new HashMap<>();
        settings.put("ADMIN_PASSWORD", "correct-horse-battery");
        settings.put("PRODUCER_PASSWORD", "{aes}ARAGxW2Z1bU");
        settings.put("notify.security.secret-key", "q2cL9X4b0m5nVq7nH3m1s8oQ6JtX0c2Yk4xRk9WwJ2c=");
        return settings;
    }

    @Test
    void acceptsRealCredentials() {
        assertEquals(List.of(), problems(good(), false));
    }

    @Test
    void refusesTheDevelopmentDefaultsSayingWhatToSet() {
        Map<String, String> settings = new HashMap<>(ProductionCheck.DEVELOPMENT_PASSWORDS);
        settings.put("notify.security.secret-key", SecretCipher.DEVELOPMENT_KEY);
        assertEquals(List.of(
                "ADMIN_PASSWORD is the development default: set it (environment or server.env) to a password of at "
                        + "least 12 characters",
                "PRODUCER_PASSWORD is the development default: set it (environment or server.env) to a password of "
                        + "at least 12 characters",
                "notify.security.secret-key is the public development key: set NOTIFY_SECURITY_SECRET_KEY to 32 "
                        + "random bytes in Base64 (openssl rand -base64 32)"), problems(settings, true));
    }

    @Test
    void refusesEmptyUnresolvedAndShortPasswordsAndAMissingKey() {
        Map<String, String> settings = good();
        settings.put("ADMIN_PASSWORD", " ");
        settings.put("PRODUCER_PASSWORD", "short");
        settings.remove("notify.security.secret-key");
        assertEquals(List.of(
                "ADMIN_PASSWORD is not set: set it (environment or server.env) to a password of at least 12 characters",
                "PRODUCER_PASSWORD is shorter than 12 characters",
                "notify.security.secret-key is not set: set NOTIFY_SECURITY_SECRET_KEY to 32 random bytes in Base64 "
                        + "(openssl rand -base64 32), and keep it"), problems(settings, true));
        settings.put("ADMIN_PASSWORD", "${ADMIN_PASSWORD}");
        assertEquals("ADMIN_PASSWORD is not set: set it (environment or server.env) to a password of at least 12 "
                + "characters", problems(settings, false).get(0));
    }
}
