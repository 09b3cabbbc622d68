package dev.merchantnotify.operator;

import dev.merchantnotify.signing.MerchantSecret;
import java.time.Instant;

/**
 * A merchant's signing secret as the admin API shows it. {@code secret} is there only in the answer that issued it;
 * otherwise {@code secret_hint} (its last four characters) tells secrets apart.
 *
 * @param previousValidUntil until when the replaced secret is still valid (both signatures are sent), or null
 */
public record SecretView(String merchantKey, String notifyUrl, String signType, String secret, String secretHint,
                         Instant createdAt, Instant rotatedAt, Instant previousValidUntil) {

    public static SecretView of(MerchantSecret row, String notifyUrl, String secret) {
        return new SecretView(row.getMerchantKey(), notifyUrl, row.getSignType().apiName(), secret,
                row.getSecretHint(), row.getCreatedAt(), row.getRotatedAt(), row.getPreviousValidUntil());
    }
}
