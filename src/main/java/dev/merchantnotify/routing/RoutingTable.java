package dev.merchantnotify.routing;

import dev.merchantnotify.channel.Channels;
import dev.merchantnotify.channel.DestinationOwners;
import dev.merchantnotify.channel.Target;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's copy of every account, destination and route, as ingest and dispatch use them: read from the database
 * in three queries, with each destination's target built once by its channel (secrets decrypted once, not per
 * attempt). Read again when the routing version moves ({@link RoutingVersion}, looked at every second: this node's own
 * changes at once, another node's within a second or two) and every {@value RoutingVersion#FULL_RELOAD_SECONDS} s in
 * any case.
 */
@ApplicationScoped
public class RoutingTable implements DestinationOwners {

    private static final Logger LOG = Logger.getLogger(RoutingTable.class.getName());
    private static final long CHECK_MILLIS = 1_000;

    @Inject
    Accounts accounts;

    @Inject
    Channels channels;

    @Inject
    RoutingVersion version;

    @Inject
    Clock clock;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    private volatile Snapshot snapshot;
    private volatile RoutingVersion.Stamp loadedStamp;
    private volatile long loadedAtMillis;
    private ScheduledFuture<?> checks;

    /** A destination as routing uses it. */
    public record Destination(long id, String name, String key, String type, boolean enabled, String address,
                              Target target) {
    }

    /** A route member, resolved to its destination. */
    public record Member(int tier, int weight, MemberRole role, Destination destination) {
    }

    /**
     * A route as dispatch follows it: its members tier by tier; a weighted route's smooth round robin state lives
     * here (per node: every node balances its own share).
     */
    public static final class Plan {
        private final long id;
        private final EventPattern pattern;
        private final Strategy strategy;
        private final boolean sticky;
        private final int failoverAfter;
        private final boolean enabled;
        private final List<Member> members;
        private final SmoothWeights weights;

        Plan(long id, EventPattern pattern, Strategy strategy, boolean sticky, int failoverAfter, boolean enabled,
             List<Member> members) {
            this.id = id;
            this.pattern = pattern;
            this.strategy = strategy;
            this.sticky = sticky;
            this.failoverAfter = failoverAfter;
            this.enabled = enabled;
            this.members = List.copyOf(members);
            this.weights = new SmoothWeights(members.stream().mapToInt(Member::weight).toArray());
        }

        public long id() {
            return id;
        }

        public EventPattern pattern() {
            return pattern;
        }

        public Strategy strategy() {
            return strategy;
        }

        public boolean sticky() {
            return sticky;
        }

        public int failoverAfter() {
            return failoverAfter;
        }

        public boolean enabled() {
            return enabled;
        }

        /** Tier 1 first, each tier's members by position. */
        public List<Member> members() {
            return members;
        }

        SmoothWeights weights() {
            return weights;
        }
    }

    /** An account with its routes. */
    public record Account(long id, String merchantNo, String name, boolean enabled, List<Plan> routes) {

        /** The route for {@code event}: the most specific pattern that takes it. */
        public Optional<Plan> routeFor(String event) {
            return EventPattern.best(routes, Plan::pattern, event);
        }
    }

    /**
     * Everything, as read at one moment; {@code pinned}: for each destination, a single route to it alone, which a
     * broadcast's copy for it follows.
     */
    public record Snapshot(Map<String, Account> accounts, Map<Long, Plan> pinned, Map<String, String> owners) {

        public Optional<Account> account(String merchantNo) {
            return Optional.ofNullable(accounts.get(merchantNo));
        }

        /** The single route to destination {@code id}, if it still exists. */
        public Optional<Plan> pinned(Long id) {
            return Optional.ofNullable(id == null ? null : pinned.get(id));
        }
    }

    void start(@Observes Startup startup) {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The routing could not be read at start-up ({0}); trying again every second",
                    e.toString());
        }
        checks = executor.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (checks != null) {
            checks.cancel(false);
        }
    }

    /** The account a destination belongs to, as the routing was last read (a destination added since: read now). */
    @Override
    public Optional<String> ownerOf(String destinationKey) {
        Snapshot read = snapshot;
        String owner = read == null ? null : read.owners().get(destinationKey);
        return owner != null ? Optional.of(owner) : Optional.ofNullable(current().owners().get(destinationKey));
    }

    /** The routing as last read; read now if it never was, or if this node changed it since. */
    public Snapshot current() {
        Snapshot current = snapshot;
        RoutingVersion.Stamp loaded = loadedStamp;
        if (current != null && loaded != null && loaded.local() == version.localChanges()) {
            return current;
        }
        return reload(new RoutingVersion.Stamp(loaded == null ? 0 : loaded.shared(), version.localChanges()));
    }

    /**
     * The routing as it is now: read again first if its version in Redis moved (one Redis read). For answers that
     * must not be out of date by a second, such as refusing a notification for an account another node has just
     * registered; dispatch uses {@link #current}.
     */
    public Snapshot latest() {
        try {
            RoutingVersion.Stamp stamp = version.read();
            if (!stamp.equals(loadedStamp)) {
                return reload(stamp);
            }
        } catch (RuntimeException redisDown) {
            LOG.log(Level.FINE, "The routing version could not be read; the last copy stays in use", redisDown);
        }
        return current();
    }

    /** Reads the routing again if its version moved, or if it is older than the full reload period. */
    void check() {
        try {
            RoutingVersion.Stamp stamp;
            try {
                stamp = version.read();
            } catch (RuntimeException redisDown) {
                stamp = new RoutingVersion.Stamp(loadedStamp == null ? 0 : loadedStamp.shared(), version.localChanges());
            }
            boolean stale = clock.millis() - loadedAtMillis > RoutingVersion.FULL_RELOAD_SECONDS * 1000L;
            if (snapshot == null || stale || !stamp.equals(loadedStamp)) {
                reload(stamp);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Reading the routing failed; the last copy stays in use", e);
        }
    }

    private synchronized Snapshot reload() {
        RoutingVersion.Stamp stamp;
        try {
            stamp = version.read();
        } catch (RuntimeException redisDown) {
            stamp = new RoutingVersion.Stamp(0, version.localChanges());
        }
        return reload(stamp);
    }

    /** Reads it all (the stamp first: a change that lands meanwhile is read again at the next check). */
    private synchronized Snapshot reload(RoutingVersion.Stamp stamp) {
        Map<Long, Destination> destinations = new HashMap<>();
        Map<Long, String> accountNumbers = new HashMap<>();
        List<MerchantAccount> allAccounts = accounts.allAccounts();
        allAccounts.forEach(account -> accountNumbers.put(account.getId(), account.getMerchantNo()));
        Map<String, String> owners = new HashMap<>();
        for (dev.merchantnotify.routing.Destination row : accounts.allDestinations()) {
            String owner = accountNumbers.get(row.getAccountId());
            if (owner != null) {
                owners.put(row.getDestinationKey(), owner);
            }
            Target target;
            try {
                target = channels.target(row.getType(), row.getDestinationKey(), Accounts.settingsOf(row),
                        accounts.secretsOf(row));
            } catch (RuntimeException e) {
                LOG.warning(() -> "Destination " + row.getName() + " (" + row.getDestinationKey() + ") cannot be used: "
                        + e.getMessage());
                target = null;
            }
            destinations.put(row.getId(), new Destination(row.getId(), row.getName(), row.getDestinationKey(),
                    row.getType(), row.isEnabled() && target != null, row.getAddress(), target));
        }
        Map<Long, List<Plan>> routesByAccount = new HashMap<>();
        for (Route route : accounts.allRoutes()) {
            List<Member> members = new ArrayList<>();
            route.getMembers().stream()
                    .sorted(Comparator.comparingInt(RouteMember::getTier).thenComparingInt(RouteMember::getPosition))
                    .forEach(member -> members.add(new Member(member.getTier(), member.getWeight(), member.getRole(),
                            destinations.get(member.getDestinationId()))));
            routesByAccount.computeIfAbsent(route.getAccountId(), k -> new ArrayList<>()).add(new Plan(route.getId(),
                    route.getEventPattern(), route.getStrategy(), route.isSticky(), route.getFailoverAfter(),
                    route.isEnabled(), members));
        }
        Map<String, Account> byNumber = new HashMap<>();
        for (MerchantAccount account : allAccounts) {
            byNumber.put(account.getMerchantNo(), new Account(account.getId(), account.getMerchantNo(),
                    account.getName(), account.isEnabled(), routesByAccount.getOrDefault(account.getId(), List.of())));
        }
        Map<Long, Plan> pinned = new HashMap<>();
        destinations.values().forEach(destination -> pinned.put(destination.id(), new Plan(-destination.id(),
                EventPattern.ANY, Strategy.SINGLE, false, 1, true,
                List.of(new Member(1, 1, MemberRole.REQUIRED, destination)))));
        Snapshot read = new Snapshot(Map.copyOf(byNumber), Map.copyOf(pinned), Map.copyOf(owners));
        channels.retainOnly(destinations.values().stream().filter(Destination::enabled).map(Destination::target).toList());
        boolean first = snapshot == null;
        snapshot = read;
        loadedStamp = stamp;
        loadedAtMillis = clock.millis();
        if (first) {
            LOG.info(() -> "Routing read: " + byNumber.size() + " merchant account(s), " + destinations.size()
                    + " destination(s)");
        }
        return read;
    }
}
