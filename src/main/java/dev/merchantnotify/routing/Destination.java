package dev.merchantnotify.routing;

import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One way to reach a merchant account (table {@code destination}, migration V6): a channel type, that type's settings
 * as its channel accepted them (JSON, without secret values), the secret values encrypted
 * ({@link dev.merchantnotify.security.SecretCipher}, bound to the destination key), and the destination key its
 * health goes by ({@link dev.merchantnotify.merchant.MerchantKey#ofDestination}).
 */
@Entity
@Table(name = "destination")
public class Destination {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_SETTINGS_LENGTH = 8192;

    @Id
    @SequenceGenerator(name = "destination_seq", sequenceName = "destination_seq", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "destination_seq")
    private Long id;

    @Column(name = "account_id", nullable = false, updatable = false)
    private long accountId;

    @Column(name = "name", length = MAX_NAME_LENGTH, nullable = false)
    private String name;

    @Column(name = "type", length = 16, nullable = false, updatable = false)
    private String type;

    @Column(name = "settings", length = MAX_SETTINGS_LENGTH, nullable = false)
    private String settings;

    /** What operators and the log see of the target: credentials and query removed. */
    @Column(name = "address", length = 2048, nullable = false)
    private String address;

    @Column(name = "secrets_enc", length = MAX_SETTINGS_LENGTH)
    private String secretsEncrypted;

    @Column(name = "destination_key", length = 16, nullable = false)
    private String destinationKey;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Destination() {
        // for JPA
    }

    Destination(long accountId, String name, String type, boolean enabled, Instant at) {
        this.accountId = accountId;
        this.name = name;
        this.type = type;
        this.enabled = enabled;
        this.createdAt = UtcTime.toColumn(at);
        this.updatedAt = this.createdAt;
    }

    /** Sets the key once the id is known (it is derived from it). */
    void keyed(String key) {
        destinationKey = key;
    }

    void change(String newName, String newSettings, String newAddress, String newSecretsEncrypted, boolean nowEnabled,
                Instant at) {
        name = newName;
        settings = newSettings;
        address = newAddress;
        secretsEncrypted = newSecretsEncrypted;
        enabled = nowEnabled;
        updatedAt = UtcTime.toColumn(at);
    }

    public long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    /** The settings without secret values, as JSON. */
    public String getSettings() {
        return settings;
    }

    /** What operators and the log see of the target: credentials and query removed. */
    public String getAddress() {
        return address;
    }

    /** The secret values, encrypted; null when there are none. */
    public String getSecretsEncrypted() {
        return secretsEncrypted;
    }

    public String getDestinationKey() {
        return destinationKey;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant getCreatedAt() {
        return UtcTime.fromColumn(createdAt);
    }

    public Instant getUpdatedAt() {
        return UtcTime.fromColumn(updatedAt);
    }

    public long getVersion() {
        return version;
    }
}
