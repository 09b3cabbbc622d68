package dev.merchantnotify.alerting;

import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;

/** One alert raised, sent or not (table {@code alert}, migration V3). */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    @SequenceGenerator(name = "alert_seq", sequenceName = "alert_seq", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "alert_seq")
    private Long id;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "type", length = 32, nullable = false)
    private AlertType type;

    @Enumerated(EnumType.STRING)
    @Column(name = "level", length = 16, nullable = false)
    private AlertLevel level;

    /**
     * {@code automatic}, {@code automatic:recovery} (a threshold condition cleared), or {@code manual:<operator>}.
     */
    @Column(name = "origin", length = 160, nullable = false)
    private String origin;

    @Column(name = "merchant_key", length = 16)
    private String merchantKey;

    @Column(name = "notify_url", length = 2048)
    private String notifyUrl;

    @Column(name = "message", length = 4096, nullable = false)
    private String message;

    @Column(name = "chats", length = 256)
    private String chats;

    @Column(name = "sent", nullable = false)
    private boolean sent;

    @Column(name = "error", length = 1024)
    private String error;

    protected Alert() {
        // for JPA
    }

    Alert(AlertDraft draft, TelegramChannel.Outcome outcome) {
        this.createdAt = UtcTime.toColumn(draft.createdAt());
        this.type = draft.type();
        this.level = draft.level();
        this.origin = draft.recovery() ? draft.origin() + ":recovery" : draft.origin();
        this.merchantKey = draft.merchantKey();
        this.notifyUrl = draft.notifyUrl();
        this.message = draft.text();
        this.chats = outcome.chats();
        this.sent = outcome.sent();
        this.error = outcome.error();
    }

    public Long getId() {
        return id;
    }

    public Instant getCreatedAt() {
        return UtcTime.fromColumn(createdAt);
    }

    public AlertType getType() {
        return type;
    }

    public AlertLevel getLevel() {
        return level;
    }

    public String getOrigin() {
        return origin;
    }

    public String getMerchantKey() {
        return merchantKey;
    }

    public String getNotifyUrl() {
        return notifyUrl;
    }

    public String getMessage() {
        return message;
    }

    /** Whether it says that a threshold condition cleared. */
    public boolean isRecovery() {
        return origin.endsWith(":recovery");
    }

    public String getChats() {
        return chats;
    }

    public boolean isSent() {
        return sent;
    }

    public String getError() {
        return error;
    }
}
