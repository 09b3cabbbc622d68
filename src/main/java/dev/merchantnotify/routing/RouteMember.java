package dev.merchantnotify.routing;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/** One member of a route (table {@code route_member}): a destination at a tier and position, its weight and role. */
@Embeddable
public class RouteMember {

    public static final int MAX_WEIGHT = 1000;

    @Column(name = "tier", nullable = false)
    private int tier;

    @Column(name = "position", nullable = false)
    private int position;

    @Column(name = "destination_id", nullable = false)
    private long destinationId;

    @Column(name = "weight", nullable = false)
    private int weight;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", length = 16, nullable = false)
    private MemberRole role;

    protected RouteMember() {
        // for JPA
    }

    public RouteMember(int tier, int position, long destinationId, int weight, MemberRole role) {
        this.tier = tier;
        this.position = position;
        this.destinationId = destinationId;
        this.weight = weight;
        this.role = role;
    }

    /** 1 for the first tier. */
    public int getTier() {
        return tier;
    }

    /** 1 for a tier's first member. */
    public int getPosition() {
        return position;
    }

    public long getDestinationId() {
        return destinationId;
    }

    public int getWeight() {
        return weight;
    }

    public MemberRole getRole() {
        return role;
    }
}
