package dev.merchantnotify.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): {@code v1,} and the Base64 HMAC-SHA256 of
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}. The key is the Base64 part of a {@code whsec_} secret, or the UTF-8
 * bytes of any other secret (an operator may import one).
 */
public final class WebhookSignature {

    static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The HMAC key of a secret. */
    static byte[] keyOf(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code webhook-signature} entry of one secret: {@code v1,<base64>}. */
    public static String sign(String secret, String webhookId, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmacSha256(keyOf(secret),
                webhookId + "." + timestampSeconds + "." + body));
    }

    static byte[] hmacSha256(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
