package dev.merchantnotify.routing;

import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * How an account's notifications of matching events reach its destinations (tables {@code route} and
 * {@code route_member}, migration V6): an event pattern, a strategy over ordered tiers of members, and for failover
 * how many failed attempts at one member move the notification on.
 */
@Entity
@Table(name = "route")
public class Route {

    /** The most failed attempts at one member before a failover route moves on. */
    public static final int MAX_FAILOVER_AFTER = 10;

    @Id
    @SequenceGenerator(name = "route_seq", sequenceName = "route_seq", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "route_seq")
    private Long id;

    @Column(name = "account_id", nullable = false, updatable = false)
    private long accountId;

    @Column(name = "event_pattern", length = EventPattern.MAX_LENGTH, nullable = false)
    private String eventPattern;

    @Enumerated(EnumType.STRING)
    @Column(name = "strategy", length = 16, nullable = false)
    private Strategy strategy;

    @Column(name = "sticky", nullable = false)
    private boolean sticky;

    @Column(name = "failover_after", nullable = false)
    private int failoverAfter;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "route_member", joinColumns = @JoinColumn(name = "route_id"))
    @OrderBy("tier ASC, position ASC")
    private List<RouteMember> members = new ArrayList<>();

    @Column(name = "created_at", nullable = false, updatable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Route() {
        // for JPA
    }

    Route(long accountId, Instant at) {
        this.accountId = accountId;
        this.createdAt = UtcTime.toColumn(at);
        this.updatedAt = this.createdAt;
    }

    void change(RouteDraft draft, Instant at) {
        eventPattern = draft.eventPattern().text();
        strategy = draft.strategy();
        sticky = draft.sticky();
        failoverAfter = draft.failoverAfter();
        enabled = draft.enabled();
        members.clear();
        members.addAll(draft.members());
        updatedAt = UtcTime.toColumn(at);
    }

    public long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public EventPattern getEventPattern() {
        return new EventPattern(eventPattern);
    }

    public Strategy getStrategy() {
        return strategy;
    }

    public boolean isSticky() {
        return sticky;
    }

    public int getFailoverAfter() {
        return failoverAfter;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Tier 1 first, each tier's members by position. */
    public List<RouteMember> getMembers() {
        return List.copyOf(members);
    }

    public Instant getCreatedAt() {
        return UtcTime.fromColumn(createdAt);
    }

    public Instant getUpdatedAt() {
        return UtcTime.fromColumn(updatedAt);
    }
}
