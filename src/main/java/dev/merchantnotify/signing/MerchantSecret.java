package dev.merchantnotify.signing;

import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A merchant's signing secret as stored (table {@code merchant_secret}, migration V4): encrypted
 * ({@link dev.merchantnotify.security.SecretCipher}, bound to the merchant key), with the previous secret while a
 * rotation's grace period runs.
 */
@Entity
@Table(name = "merchant_secret")
public class MerchantSecret {

    @Id
    @Column(name = "merchant_key", length = 16)
    private String merchantKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "sign_type", length = 16, nullable = false)
    private SignType signType;

    @Column(name = "secret_enc", length = 512, nullable = false)
    private String secretEncrypted;

    /** The last four characters of the secret, so that operators can tell secrets apart. */
    @Column(name = "secret_hint", length = 4, nullable = false)
    private String secretHint;

    @Column(name = "previous_secret_enc", length = 512)
    private String previousSecretEncrypted;

    @Column(name = "previous_valid_until")
    private LocalDateTime previousValidUntil;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Column(name = "rotated_at")
    private LocalDateTime rotatedAt;

    protected MerchantSecret() {
        // for JPA
    }

    MerchantSecret(String merchantKey, SignType signType, String secretEncrypted, String secretHint, Instant at) {
        this.merchantKey = merchantKey;
        this.signType = signType;
        this.secretEncrypted = secretEncrypted;
        this.secretHint = secretHint;
        this.createdAt = UtcTime.toColumn(at);
    }

    /** A new secret; the current one stays valid until {@code previousValidUntil} (null or past: not at all). */
    void rotate(SignType newSignType, String newSecretEncrypted, String newHint, String currentAsPrevious,
                Instant previousUntil, Instant at) {
        signType = newSignType;
        previousSecretEncrypted = currentAsPrevious;
        previousValidUntil = currentAsPrevious == null ? null : UtcTime.toColumn(previousUntil);
        secretEncrypted = newSecretEncrypted;
        secretHint = newHint;
        rotatedAt = UtcTime.toColumn(at);
    }

    public String getMerchantKey() {
        return merchantKey;
    }

    public SignType getSignType() {
        return signType;
    }

    String getSecretEncrypted() {
        return secretEncrypted;
    }

    public String getSecretHint() {
        return secretHint;
    }

    String getPreviousSecretEncrypted() {
        return previousSecretEncrypted;
    }

    public Instant getPreviousValidUntil() {
        return UtcTime.fromColumn(previousValidUntil);
    }

    public Instant getCreatedAt() {
        return UtcTime.fromColumn(createdAt);
    }

    public Instant getRotatedAt() {
        return UtcTime.fromColumn(rotatedAt);
    }
}
