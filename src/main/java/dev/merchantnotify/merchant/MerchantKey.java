package dev.merchantnotify.merchant;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The identity of a merchant: the first 16 hex digits of the SHA-256 of its normalised notify URL.
 *
 * @param value 16 lower-case hex digits
 */
public record MerchantKey(String value) {

    public MerchantKey {
        if (value == null || !value.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("a merchant key is 16 lower-case hex digits");
        }
    }

    /** The key of the merchant behind an absolute http(s) notify URL. */
    public static MerchantKey of(URI notifyUrl) {
        return new MerchantKey(HexFormat.of().formatHex(sha256(normalise(notifyUrl)), 0, 8));
    }

    /**
     * The key of a registered destination (see {@code dev.merchantnotify.routing}): its breaker, lane, response times,
     * pause and signing secret go by it, like a notify URL's merchant's. Derived from the destination's id, so it never
     * changes when the destination's settings do.
     */
    public static MerchantKey ofDestination(long destinationId) {
        return new MerchantKey(HexFormat.of().formatHex(sha256("destination/" + destinationId), 0, 8));
    }

    /**
     * The key a broadcast to merchant account {@code merchantNo} is kept under (its copies go by their destinations'
     * keys): no breaker or lane ever uses it.
     */
    public static MerchantKey ofAccount(String merchantNo) {
        return new MerchantKey(HexFormat.of().formatHex(sha256("account/" + merchantNo), 0, 8));
    }

    /**
     * The merchant's endpoint without per-order parts: {@code scheme://host:port/path}, scheme and host lower-cased,
     * the default port written out, an empty path written as {@code /}.
     */
    public static String normalise(URI notifyUrl) {
        String scheme = notifyUrl.getScheme().toLowerCase(Locale.ROOT);
        String host = notifyUrl.getHost().toLowerCase(Locale.ROOT);
        int port = notifyUrl.getPort() != -1 ? notifyUrl.getPort() : ("https".equals(scheme) ? 443 : 80);
        String path = notifyUrl.getRawPath() == null || notifyUrl.getRawPath().isEmpty() ? "/" : notifyUrl.getRawPath();
        return scheme + "://" + host + ":" + port + path;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
