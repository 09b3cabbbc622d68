package dev.merchantnotify.merchant;

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
 * A merchant as remembered in the database (table {@code merchant}, migration V2): first seen at ingest, its last
 * status and when it changed. Live health (failures, breaker, response times) is in Redis ({@link MerchantRegistry}).
 */
@Entity
@Table(name = "merchant")
public class Merchant {

    @Id
    @Column(name = "merchant_key", length = 16)
    private String merchantKey;

    /** The notify URL of the first notification seen for this merchant (its query string included). */
    @Column(name = "notify_url", length = 2048, nullable = false)
    private String notifyUrl;

    @Column(name = "first_seen_at", nullable = false)
    private LocalDateTime firstSeenAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 16, nullable = false)
    private MerchantStatus status;

    @Column(name = "status_changed_at", nullable = false)
    private LocalDateTime statusChangedAt;

    protected Merchant() {
        // for JPA
    }

    public Merchant(String merchantKey, String notifyUrl, Instant firstSeenAt) {
        this.merchantKey = merchantKey;
        this.notifyUrl = notifyUrl;
        this.firstSeenAt = UtcTime.toColumn(firstSeenAt);
        this.status = MerchantStatus.NORMAL;
        this.statusChangedAt = this.firstSeenAt;
    }

    void changeStatus(MerchantStatus newStatus, Instant at) {
        if (newStatus != status) {
            status = newStatus;
            statusChangedAt = UtcTime.toColumn(at);
        }
    }

    public String getMerchantKey() {
        return merchantKey;
    }

    public String getNotifyUrl() {
        return notifyUrl;
    }

    public Instant getFirstSeenAt() {
        return UtcTime.fromColumn(firstSeenAt);
    }

    public MerchantStatus getStatus() {
        return status;
    }

    public Instant getStatusChangedAt() {
        return UtcTime.fromColumn(statusChangedAt);
    }
}
