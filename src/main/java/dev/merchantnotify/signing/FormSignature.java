package dev.merchantnotify.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code sign} of a {@code form} delivery, the epay way: drop {@code sign}, {@code sign_type} and fields with
 * empty values, sort the rest by name (byte order), join them as {@code k=v&k=v} with the values as they are (not
 * URL-encoded), then for {@link SignType#MD5} append the secret and take the MD5, for {@link SignType#HMAC_SHA256} take
 * the HMAC-SHA256 with the secret's UTF-8 bytes as key. Lower-case hex either way.
 */
public final class FormSignature {

    private FormSignature() {
    }

    /** The string that is signed. */
    static String signedString(Map<String, String> fields) {
        TreeMap<String, String> sorted = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (!name.equals("sign") && !name.equals("sign_type") && value != null && !value.isEmpty()) {
                sorted.put(name, value);
            }
        });
        StringBuilder text = new StringBuilder();
        sorted.forEach((name, value) -> {
            if (!text.isEmpty()) {
                text.append('&');
            }
            text.append(name).append('=').append(value);
        });
        return text.toString();
    }

    /** The {@code sign} of these fields under {@code secret}. */
    public static String sign(Map<String, String> fields, SignType type, String secret) {
        String text = signedString(fields);
        byte[] digest = switch (type) {
            case MD5 -> md5(text + secret);
            case HMAC_SHA256 -> WebhookSignature.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), text);
        };
        return HexFormat.of().formatHex(digest);
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
