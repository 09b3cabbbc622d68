package dev.merchantnotify.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String KEY = "q2cL9X4b0m5nVq7nH3m1s8oQ6JtX0c2Yk4xRk9WwJ2c=";
    private static final String OTHER_KEY = "YW5vdGhlci0zMi1ieXRlLWtleS1mb3ItdGhlLXRlc3Q=";

    @Test
    void encryptsSoThatOnlyTheSameKeyAndContextDecrypt() {
        SecretCipher cipher = SecretCipher.withKey(KEY);
        String stored = cipher.encrypt("whsec_secret-value", "0123456789abcdef");

        assertFalse(stored.contains("secret-value"));
        assertTrue(stored.startsWith("v1."), stored);
        assertNotEquals(stored, cipher.encrypt("whsec_secret-value", "0123456789abcdef"), "a fresh nonce each time");
        assertEquals("whsec_secret-value", cipher.decrypt(stored, "0123456789abcdef"));

        assertEquals("damaged, or stored for another merchant (AEADBadTagException)",
                assertThrows(IllegalStateException.class, () -> cipher.decrypt(stored, "fedcba9876543210")).getMessage());
        IllegalStateException otherKey = assertThrows(IllegalStateException.class,
                () -> SecretCipher.withKey(OTHER_KEY).decrypt(stored, "0123456789abcdef"));
        assertTrue(otherKey.getMessage().startsWith("encrypted under another key (key id "), otherKey.getMessage());
    }

    @Test
    void knowsTheDevelopmentKey() {
        assertTrue(SecretCipher.withKey(SecretCipher.DEVELOPMENT_KEY).usesDevelopmentKey());
        assertFalse(SecretCipher.withKey(KEY).usesDevelopmentKey());
    }

    @Test
    void refusesKeysThatAreNot32BytesOfBase64() {
        assertEquals("Invalid setting notify.security.secret-key: it must be 32 bytes in Base64 (openssl rand "
                + "-base64 32), not 6 bytes", assertThrows(IllegalStateException.class,
                () -> SecretCipher.parseKey("c2hvcnQh")).getMessage());
        assertEquals("Invalid setting notify.security.secret-key: it must be Base64 (openssl rand -base64 32)",
                assertThrows(IllegalStateException.class, () -> SecretCipher.parseKey("not base64 at all!")).getMessage());
    }
}
