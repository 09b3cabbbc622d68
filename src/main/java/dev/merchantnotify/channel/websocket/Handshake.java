package dev.merchantnotify.channel.websocket;

import dev.merchantnotify.signing.SigningKeys;
import dev.merchantnotify.signing.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a merchant's client sends to open a socket, as query parameters of the upgrade request:
 * {@code merchant_no}, {@code destination} (the name of the account's {@code websocket} destination),
 * {@code timestamp} (Unix seconds), {@code nonce} (unique per connection) and {@code signature}.
 *
 * <p>The signature is the Standard Webhooks one, with the nonce as the message id and {@code <merchant_no>/<destination>}
 * as the body: {@code v1,} + Base64(HMAC-SHA256(key, nonce + "." + timestamp + "." + merchant_no + "/" + destination)),
 * the key being the destination's signing secret ({@code whsec_…}, Base64 after the prefix). A client computes it with
 * the same library that verifies its deliveries. During a secret's rotation either secret is accepted.
 */
record Handshake(String merchantNo, String destination, long timestamp, String nonce, String signature) {

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_.-]{16,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Why a handshake is refused: said in the close frame (at most 123 bytes), and logged. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        /** The node cannot take the socket now (full, Redis down): close code 1013, try again later; else 1008. */
        final boolean tryLater;

        Refused(String reason) {
            this(reason, false);
        }

        Refused(String reason, boolean tryLater) {
            super(reason, null, false, false);
            this.tryLater = tryLater;
        }
    }

    /** Reads the upgrade request's query parameters. */
    static Handshake read(Map<String, List<String>> parameters) throws Refused {
        String merchantNo = one(parameters, "merchant_no");
        String destination = one(parameters, "destination");
        String timestamp = one(parameters, "timestamp");
        String nonce = one(parameters, "nonce");
        String signature = one(parameters, "signature");
        if (merchantNo.length() > 64 || !NAME.matcher(destination).matches()) {
            throw new Refused("refused: merchant_no or destination is not a valid name");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new Refused("refused: timestamp must be Unix seconds");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw new Refused("refused: nonce must be 16 to 128 letters, digits, '_', '-' or '.'");
        }
        return new Handshake(merchantNo, destination, seconds, nonce, signature);
    }

    private static String one(Map<String, List<String>> parameters, String name) throws Refused {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            throw new Refused("refused: " + name + " is missing");
        }
        if (values.size() > 1) {
            throw new Refused("refused: " + name + " is given more than once");
        }
        return values.get(0).strip();
    }

    /** The text the signature is over, after the nonce and the timestamp. */
    String signedText() {
        return merchantNo + "/" + destination;
    }

    /** Refuses a timestamp further than {@code maxAge} from {@code now}, either way. */
    void checkFresh(Instant now, Duration maxAge) throws Refused {
        long off = now.getEpochSecond() - timestamp;
        if (Math.abs(off) > maxAge.toSeconds()) {
            throw new Refused("refused: timestamp is " + Math.abs(off) + " s " + (off > 0 ? "old" : "ahead")
                    + " (at most " + maxAge.toSeconds() + " s)");
        }
    }

    /** Refuses a signature that none of the destination's current secrets made. */
    void checkSignature(SigningKeys keys, Instant now) throws Refused {
        for (String secret : keys.secretsAt(now)) {
            byte[] expected = WebhookSignature.sign(secret, nonce, timestamp, signedText())
                    .getBytes(StandardCharsets.UTF_8);
            for (String given : signature.split(" ")) {
                if (MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                    return;
                }
            }
        }
        throw new Refused("refused: signature does not match (v1 HMAC-SHA256 of nonce.timestamp."
                + "merchant_no/destination)");
    }
}
