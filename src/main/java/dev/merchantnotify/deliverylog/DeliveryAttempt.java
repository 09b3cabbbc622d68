package dev.merchantnotify.deliverylog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;

/** One HTTP attempt to deliver a notification, successful or not. Written by {@link DeliveryRows}; read here. */
@Entity
@Table(name = "delivery_attempt")
public class DeliveryAttempt {

    /** Characters of the merchant's answer kept in the log. */
    public static final int MAX_EXCERPT_LENGTH = 1024;
    public static final int MAX_TARGET_LENGTH = 2048;
    public static final int MAX_PROVIDER_REF_LENGTH = 256;

    @Id
    @SequenceGenerator(name = "delivery_attempt_seq", sequenceName = "delivery_attempt_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "delivery_attempt_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "notification_id", nullable = false)
    private Notification notification;

    @Column(name = "attempt_no", nullable = false)
    private int attemptNo;

    @Column(name = "started_at", nullable = false)
    private LocalDateTime startedAt;

    @Column(name = "duration_ms", nullable = false)
    private long durationMs;

    /** The HTTP status, or null when no answer came (timeout, refused, reset). */
    @Column(name = "http_status")
    private Integer httpStatus;

    @Column(name = "success", nullable = false)
    private boolean success;

    @Column(name = "response_excerpt", length = MAX_EXCERPT_LENGTH)
    private String responseExcerpt;

    /** The failure kind (see {@code dev.merchantnotify.channel.FailureKind}), null for a success. */
    @Column(name = "error_kind", length = 32)
    private String errorKind;

    @Column(name = "error_message", length = Notification.MAX_ERROR_LENGTH)
    private String errorMessage;

    /** The key of the destination it went to (a notify URL's merchant key, or a registered destination's). */
    @Column(name = "destination_key", length = 16)
    private String destinationKey;

    @Column(name = "channel", length = 16)
    private String channel;

    /** The registered destination's name; null for the notification's own notify URL. */
    @Column(name = "destination", length = 64)
    private String destination;

    /** The registered destination's address without credentials; null for the notification's own notify URL. */
    @Column(name = "target", length = MAX_TARGET_LENGTH)
    private String target;

    @Column(name = "provider_ref", length = MAX_PROVIDER_REF_LENGTH)
    private String providerRef;

    protected DeliveryAttempt() {
        // for JPA
    }

    public Long getId() {
        return id;
    }

    public Notification getNotification() {
        return notification;
    }

    public int getAttemptNo() {
        return attemptNo;
    }

    public Instant getStartedAt() {
        return UtcTime.fromColumn(startedAt);
    }

    public long getDurationMs() {
        return durationMs;
    }

    public Integer getHttpStatus() {
        return httpStatus;
    }

    public boolean isSuccess() {
        return success;
    }

    public String getResponseExcerpt() {
        return responseExcerpt;
    }

    public String getErrorKind() {
        return errorKind;
    }

    public String getDestinationKey() {
        return destinationKey;
    }

    public String getChannel() {
        return channel;
    }

    public String getDestination() {
        return destination;
    }

    public String getTarget() {
        return target;
    }

    public String getProviderRef() {
        return providerRef;
    }

    public String getErrorMessage() {
        return errorMessage;
    }
}
