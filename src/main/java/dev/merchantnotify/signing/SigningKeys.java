package dev.merchantnotify.signing;

import java.time.Instant;
import java.util.List;

/**
 * What signs a merchant's deliveries: its sign type, its secret, and during a rotation's grace period the previous
 * secret too (both signatures are sent then).
 *
 * @param previousSecret     null when there is none
 * @param previousValidUntil null when there is no previous secret
 */
public record SigningKeys(SignType signType, String secret, String previousSecret, Instant previousValidUntil) {

    /** The previous secret if it is still valid at {@code now}, else null. */
    public String previousAt(Instant now) {
        return previousSecret != null && previousValidUntil != null && now.isBefore(previousValidUntil)
                ? previousSecret : null;
    }

    /** The secrets to sign with at {@code now}: the current one first. */
    public List<String> secretsAt(Instant now) {
        String previous = previousAt(now);
        return previous == null ? List.of(secret) : List.of(secret, previous);
    }
}
