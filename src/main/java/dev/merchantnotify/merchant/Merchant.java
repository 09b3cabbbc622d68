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
 * A merchant as remembered in the database (table {@code merchant}, migrations V2 and V5): first seen at ingest, its
 * last status and when it changed, and an operator's pause (when, by whom, why), which is kept here for good. Live
 * health (failures, breaker, response times) is in Redis ({@link MerchantRegistry}).
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

    /** Set while an operator has paused the merchant. */
    @Column(name = "paused_at")
    private LocalDateTime pausedAt;

    @Column(name = "paused_by", length = 128)
    private String pausedBy;

    /** The longest pause reason kept. */
    public static final int MAX_PAUSE_REASON_LENGTH = 512;

    @Column(name = "paused_reason", length = MAX_PAUSE_REASON_LENGTH)
    private String pausedReason;

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
        if (pausedAt != null) {
            newStatus = MerchantStatus.PAUSED;
        }
        if (newStatus != status) {
            status = newStatus;
            statusChangedAt = UtcTime.toColumn(at);
        }
    }

    void pause(Instant at, String by, String reason) {
        pausedAt = UtcTime.toColumn(at);
        pausedBy = by;
        pausedReason = reason;
        changeStatus(MerchantStatus.PAUSED, at);
    }

    void resume(MerchantStatus statusAfter, Instant at) {
        pausedAt = null;
        pausedBy = null;
        pausedReason = null;
        changeStatus(statusAfter, at);
    }

    public boolean isPaused() {
        return pausedAt != null;
    }

    /** When an operator paused the merchant; null when it is not paused. */
    public Instant getPausedAt() {
        return UtcTime.fromColumn(pausedAt);
    }

    public String getPausedBy() {
        return pausedBy;
    }

    public String getPausedReason() {
        return pausedReason;
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
