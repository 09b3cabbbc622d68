package dev.merchantnotify.deliverylog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * One payment notification for one merchant, from ingest until the merchant acknowledges it or attempts run out.
 * The table, its unique (order_no, event) constraint and indexes are defined in {@code db/migration}. Rows are
 * written by {@link DeliveryRows} (plain JDBC); this entity serves reads.
 */
@Entity
@Table(name = "notification")
public class Notification {

    /** Largest payload accepted, in bytes of its JSON text. */
    public static final int MAX_PAYLOAD_BYTES = 65_536;
    public static final int MAX_ORDER_NO_LENGTH = 64;
    public static final int MAX_EVENT_LENGTH = 64;
    public static final int MAX_NOTIFY_URL_LENGTH = 2048;
    public static final int MAX_MERCHANT_NO_LENGTH = 64;
    public static final int MAX_ERROR_LENGTH = 1024;

    @Id
    @SequenceGenerator(name = "notification_seq", sequenceName = "notification_seq", allocationSize = 100)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "notification_seq")
    private Long id;

    @Column(name = "order_no", length = MAX_ORDER_NO_LENGTH, nullable = false)
    private String orderNo;

    @Column(name = "event", length = MAX_EVENT_LENGTH, nullable = false)
    private String event;

    /** Null for a notification routed by its merchant account only. */
    @Column(name = "notify_url", length = MAX_NOTIFY_URL_LENGTH)
    private String notifyUrl;

    /** The merchant account that routes it, or null (then it goes to its notify_url only). */
    @Column(name = "merchant_no", length = MAX_MERCHANT_NO_LENGTH)
    private String merchantNo;

    @Column(name = "merchant_key", length = 16, nullable = false)
    private String merchantKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "format", length = 8, nullable = false)
    private DeliveryFormat format;

    /** The payload object as JSON text. */
    @Column(name = "payload", length = MAX_PAYLOAD_BYTES, nullable = false)
    private String payload;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 16, nullable = false)
    private NotificationStatus status;

    /** Attempts made so far. */
    @Column(name = "attempts", nullable = false)
    private int attempts;

    /** When the next attempt is due; null once the notification is finished. */
    /** Attempts made before an operator's latest retry; the retry schedule counts the ones after it. */
    @Column(name = "attempt_base", nullable = false)
    private int attemptBase;

    /** When an operator last queued it again (a fresh attempt budget), or null. */
    @Column(name = "retried_at")
    private LocalDateTime retriedAt;

    @Column(name = "next_attempt_at")
    private LocalDateTime nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Column(name = "delivered_at")
    private LocalDateTime deliveredAt;

    @Column(name = "last_error", length = MAX_ERROR_LENGTH)
    private String lastError;

    /** A broadcast's copy: the broadcast it belongs to; else null. */
    @Column(name = "parent_id", updatable = false)
    private Long parentId;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", length = 16, updatable = false)
    private BroadcastPart role;

    /** A broadcast's copy: the registered destination it goes to (null: the broadcast's own notify_url). */
    @Column(name = "destination_id", updatable = false)
    private Long destinationId;

    /** Optimistic lock: every status change is conditional on the row not having changed since it was read. */
    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Notification() {
        // for JPA
    }

    public Long getId() {
        return id;
    }

    public String getOrderNo() {
        return orderNo;
    }

    public String getEvent() {
        return event;
    }

    public String getNotifyUrl() {
        return notifyUrl;
    }

    public String getMerchantNo() {
        return merchantNo;
    }

    public String getMerchantKey() {
        return merchantKey;
    }

    public DeliveryFormat getFormat() {
        return format;
    }

    public String getPayload() {
        return payload;
    }

    public NotificationStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public int getAttemptBase() {
        return attemptBase;
    }

    public Instant getRetriedAt() {
        return UtcTime.fromColumn(retriedAt);
    }

    public Instant getNextAttemptAt() {
        return UtcTime.fromColumn(nextAttemptAt);
    }

    public Instant getCreatedAt() {
        return UtcTime.fromColumn(createdAt);
    }

    public Instant getDeliveredAt() {
        return UtcTime.fromColumn(deliveredAt);
    }

    public String getLastError() {
        return lastError;
    }

    /** The broadcast this is a copy of, or null. */
    public Long getParentId() {
        return parentId;
    }

    /** Its part in a broadcast, or null for a notification that is not one. */
    public BroadcastPart getRole() {
        return role;
    }

    public Long getDestinationId() {
        return destinationId;
    }
}
