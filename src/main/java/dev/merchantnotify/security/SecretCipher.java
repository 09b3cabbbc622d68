package dev.merchantnotify.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts what must be stored but never shown again (merchants' signing secrets) with AES-256-GCM under the key in
 * {@code notify.security.secret-key} (environment {@code NOTIFY_SECURITY_SECRET_KEY}: 32 random bytes in Base64, e.g.
 * {@code openssl rand -base64 32}). Stored form: {@code v1.<key id>.<Base64 of nonce, ciphertext and tag>}; the key id
 * (8 hex digits of the key's SHA-256) tells a value encrypted under another key from a damaged one. The caller's
 * context (a merchant key) is authenticated with the value, so a value copied to another row does not decrypt.
 *
 * <p>Without a key, development uses {@link #DEVELOPMENT_KEY}, which is public: production mode refuses it.
 */
@ApplicationScoped
public class SecretCipher {

    /** The development key: Base64 of {@code merchant-notify-development-key!}. Never for production. */
    public static final String DEVELOPMENT_KEY = "bWVyY2hhbnQtbm90aWZ5LWRldmVsb3BtZW50LWtleSE=";

    private static final Logger LOG = Logger.getLogger(SecretCipher.class.getName());
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "notify.security.secret-key")
    Optional<String> configuredKey;

    private SecretKeySpec key;
    private String keyId;

    @PostConstruct
    void init() {
        String text = configuredKey.filter(k -> !k.isBlank()).orElse(null);
        if (text == null) {
            LOG.warning("notify.security.secret-key is not set: merchant secrets are encrypted with the public "
                    + "development key. Set NOTIFY_SECURITY_SECRET_KEY (openssl rand -base64 32) before storing real ones.");
            text = DEVELOPMENT_KEY;
        }
        useKey(text);
    }

    /** For tests and tools: a cipher under this key (Base64 of 32 bytes). */
    public static SecretCipher withKey(String base64Key) {
        SecretCipher cipher = new SecretCipher();
        cipher.useKey(base64Key);
        return cipher;
    }

    private void useKey(String base64Key) {
        byte[] bytes = parseKey(base64Key);
        key = new SecretKeySpec(bytes, "AES");
        keyId = keyIdOf(bytes);
    }

    private static String keyIdOf(byte[] keyBytes) {
        return HexFormat.of().formatHex(sha256(keyBytes), 0, 4);
    }

    /**
     * Reads a key.
     *
     * @throws IllegalStateException naming the setting and what is wrong
     */
    static byte[] parseKey(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid setting notify.security.secret-key: it must be Base64 "
                    + "(openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("Invalid setting notify.security.secret-key: it must be 32 bytes in Base64 "
                    + "(openssl rand -base64 32), not " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** Whether the key in use is the public development key. */
    public boolean usesDevelopmentKey() {
        return keyId.equals(keyIdOf(Base64.getDecoder().decode(DEVELOPMENT_KEY)));
    }

    /** Encrypts {@code plaintext}, bound to {@code context}. */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, stored, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
            return "v1." + keyId + "." + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} gave for the same {@code context}.
     *
     * @throws IllegalStateException if it was encrypted under another key, for another context, or is damaged
     */
    public String decrypt(String stored, String context) {
        String[] parts = stored.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("v1")) {
            throw new IllegalStateException("not an encrypted value of this application");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalStateException("encrypted under another key (key id " + parts[1] + "; "
                    + "notify.security.secret-key has key id " + keyId + ")");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("damaged, or stored for another merchant (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
