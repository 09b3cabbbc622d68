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

/** A merchant as the platform knows it (table {@code merchant_account}, migration V6): its merchant number and name. */
@Entity
@Table(name = "merchant_account")
public class MerchantAccount {

    public static final int MAX_MERCHANT_NO_LENGTH = 64;
    public static final int MAX_NAME_LENGTH = 128;

    @Id
    @SequenceGenerator(name = "merchant_account_seq", sequenceName = "merchant_account_seq", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "merchant_account_seq")
    private Long id;

    @Column(name = "merchant_no", length = MAX_MERCHANT_NO_LENGTH, nullable = false, updatable = false)
    private String merchantNo;

    @Column(name = "name", length = MAX_NAME_LENGTH, nullable = false)
    private String name;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected MerchantAccount() {
        // for JPA
    }

    MerchantAccount(String merchantNo, String name, boolean enabled, Instant at) {
        this.merchantNo = merchantNo;
        this.name = name;
        this.enabled = enabled;
        this.createdAt = UtcTime.toColumn(at);
        this.updatedAt = this.createdAt;
    }

    void change(String newName, boolean nowEnabled, Instant at) {
        name = newName;
        enabled = nowEnabled;
        updatedAt = UtcTime.toColumn(at);
    }

    public long getId() {
        return id;
    }

    public String getMerchantNo() {
        return merchantNo;
    }

    public String getName() {
        return name;
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
}
