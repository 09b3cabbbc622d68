package dev.merchantnotify.operator;

import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDateTime;

/** One change an operator made (table {@code audit_record}, migration V3). Never updated, never deleted by the app. */
@Entity
@Table(name = "audit_record")
public class AuditRecord {

    static final int MAX_TARGET_LENGTH = 2048;
    static final int MAX_DETAIL_LENGTH = 4096;

    @Id
    @SequenceGenerator(name = "audit_record_seq", sequenceName = "audit_record_seq", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_record_seq")
    private Long id;

    @Column(name = "at", nullable = false)
    private LocalDateTime at;

    @Column(name = "actor", length = 128, nullable = false)
    private String actor;

    @Column(name = "action", length = 32, nullable = false)
    private String action;

    @Column(name = "target", length = MAX_TARGET_LENGTH)
    private String target;

    @Column(name = "detail", length = MAX_DETAIL_LENGTH)
    private String detail;

    @Column(name = "client", length = 64)
    private String client;

    protected AuditRecord() {
        // for JPA
    }

    AuditRecord(Instant at, Operator operator, String action, String target, String detail) {
        this.at = UtcTime.toColumn(at);
        this.actor = clip(operator.name(), 128);
        this.client = clip(operator.client(), 64);
        this.action = action;
        this.target = clip(target, MAX_TARGET_LENGTH);
        this.detail = clip(detail, MAX_DETAIL_LENGTH);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    public Long getId() {
        return id;
    }

    public Instant getAt() {
        return UtcTime.fromColumn(at);
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getDetail() {
        return detail;
    }

    public String getClient() {
        return client;
    }
}
