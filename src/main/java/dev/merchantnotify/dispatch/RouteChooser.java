package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.PendingRow;
import dev.merchantnotify.merchant.Admission;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.routing.MemberChoice;
import dev.merchantnotify.routing.RoutingTable;
import dev.merchantnotify.routing.RoutingTable.Member;
import dev.merchantnotify.routing.RoutingTable.Plan;
import dev.merchantnotify.routing.Strategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Routing at claim time: for a notification routed by its merchant account, which destination this attempt goes to,
 * from its route ({@link RoutingTable}) and its members' health. A member can take it when it is enabled, not paused,
 * and its breaker is closed, or its open period is over and this node wins its probe (then this attempt is the probe).
 * <ul>
 *   <li>Its own notify URL, if it has one, is step 0: tried first, left at once for the account's route when it
 *       cannot take it.</li>
 *   <li>{@code single}: the one member. {@code failover}: the first member, from the notification's step on, that
 *       can take it (members that cannot are passed at once, without an attempt). {@code weighted}: among the first
 *       tier's members that can, by weight, or by order if sticky ({@link MemberChoice}).</li>
 *   <li>A broadcast's copy follows a single route to the member it is pinned to (or only the broadcast's own notify
 *       URL, for the copy to that).</li>
 *   <li>When none can, the notification waits without an attempt: deferred (from the first step again) until the
 *       breakers' delay, or parked if every member that could have taken it is paused.</li>
 * </ul>
 */
@ApplicationScoped
public class RouteChooser {

    private static final Logger LOG = Logger.getLogger(RouteChooser.class.getName());

    @Inject
    RoutingTable routing;

    @Inject
    MerchantRegistry registry;

    @Inject
    DispatchSettings settings;

    /** What becomes of one routed notification: where it goes and how it is admitted. */
    record Choice(DeliveryTask task, Admission admission, String dropped) {
    }

    /** The destination keys whose health choosing for these rows needs: read with the batch's in one pipeline. */
    Set<String> candidateKeys(Collection<PendingRow> rows) {
        Set<String> keys = new LinkedHashSet<>();
        RoutingTable.Snapshot snapshot = routing.current();
        for (PendingRow row : rows) {
            keys.add(row.merchantKey());
            if (row.notifyUrl() != null) {
                keys.add(MerchantKey.of(URI.create(row.notifyUrl())).value());
            }
            plan(snapshot, row).ifPresent(plan -> plan.members().forEach(m -> keys.add(m.destination().key())));
        }
        return keys;
    }

    /** Chooses where each routed row's attempt goes; {@code health} holds every candidate key's. */
    List<Choice> choose(List<PendingRow> rows, Map<String, MerchantHealth> health, long nowMillis) {
        RoutingTable.Snapshot snapshot = routing.current();
        Set<String> probing = new HashSet<>();
        return rows.stream().map(row -> choose(snapshot, row, health, probing, nowMillis)).toList();
    }

    private Choice choose(RoutingTable.Snapshot snapshot, PendingRow row, Map<String, MerchantHealth> health,
                         Set<String> probing, long nowMillis) {
        Plan plan = plan(snapshot, row).orElse(null);
        boolean ownUrl = row.notifyUrl() != null;
        if (plan == null && !ownUrl) {
            DeliveryTask task = DeliveryTask.of(row, Target.notifyUrl(row.merchantKey(), null, row.format()), null);
            return new Choice(task, null, row.isCopy()
                    ? "not routed: merchant account " + row.merchantNo() + " is gone or disabled, or the destination "
                    + "this broadcast copy is for was deleted"
                    : "not routed: merchant account " + row.merchantNo() + " is gone or disabled, or has no enabled "
                    + "route for event " + row.event() + " any more");
        }
        int base = ownUrl ? 1 : 0;
        int steps = base + (plan == null ? 0 : plan.strategy() == Strategy.FAILOVER ? plan.members().size() : 1);
        int step = Math.min(row.routeStep(), steps - 1);
        String parkAt = null;
        boolean deferred = false;
        if (ownUrl && step == 0) {
            String key = MerchantKey.of(URI.create(row.notifyUrl())).value();
            Admission admission = claimed(key, health, probing, nowMillis);
            if (admission == Admission.DELIVER || admission == Admission.PROBE || plan == null) {
                RouteStep at = new RouteStep(Strategy.FAILOVER, 0, row.stepFailures(),
                        plan == null ? 1 : plan.failoverAfter(), steps, null, null, null);
                return new Choice(DeliveryTask.of(row, Target.notifyUrl(key, row.notifyUrl(), row.format()), at),
                        admission, null);
            }
            parkAt = admission == Admission.PARK ? key : null;
            deferred = admission == Admission.DEFER;
            step = 1;
        }
        List<Member> members = plan.members();
        Set<String> excluded = new HashSet<>();
        Predicate<Member> available = member -> member.destination().enabled()
                && !excluded.contains(member.destination().key())
                && canTake(registry.breaker().admit(healthOf(member.destination().key(), health), nowMillis));
        for (int round = 0; round <= members.size(); round++) {
            MemberChoice.Pick pick = null;
            int chosen = switch (plan.strategy()) {
                case FAILOVER -> MemberChoice.failover(members, step - base, available);
                case WEIGHTED -> (pick = MemberChoice.weightedPick(plan, row.orderNo(), available)).index();
                default -> available.test(members.get(0)) ? 0 : -1;
            };
            if (chosen < 0) {
                break;
            }
            Member member = members.get(chosen);
            Admission admission = claimed(member.destination().key(), health, probing, nowMillis);
            if (!canTake(admission)) {
                excluded.add(member.destination().key()); // its probe went to another attempt
                if (pick != null) {
                    pick.undo();
                }
                continue;
            }
            int at = plan.strategy() == Strategy.FAILOVER ? base + chosen : base;
            RouteStep routeStep = new RouteStep(plan.strategy(), at, at == row.routeStep() ? row.stepFailures() : 0,
                    plan.failoverAfter(), steps, member.destination().name(), member.destination().address(),
                    admission == Admission.DELIVER ? pick : null);
            return new Choice(DeliveryTask.of(row, member.destination().target(), routeStep), admission, null);
        }
        // No member can take it now: it waits, from the first step again; parked if every member that could is paused.
        for (Member member : members) {
            if (!member.destination().enabled()) {
                continue;
            }
            if (healthOf(member.destination().key(), health).paused()) {
                parkAt = parkAt == null ? member.destination().key() : parkAt;
            } else {
                deferred = true;
            }
        }
        Member first = members.get(0);
        RouteStep restart = new RouteStep(plan.strategy(), 0, 0, plan.failoverAfter(), steps,
                first.destination().name(), first.destination().address(), null);
        if (!deferred && parkAt != null) {
            Target parked = new Target(parkAt, first.destination().type(), null, row.format(), null);
            return new Choice(DeliveryTask.of(row, parked, restart), Admission.PARK, null);
        }
        Target waiting = new Target(first.destination().key(), first.destination().type(), null, row.format(), null);
        return new Choice(DeliveryTask.of(row, waiting, restart), Admission.DEFER, null);
    }

    private static boolean canTake(Admission admission) {
        return admission == Admission.DELIVER || admission == Admission.PROBE;
    }

    private static MerchantHealth healthOf(String key, Map<String, MerchantHealth> health) {
        MerchantHealth known = health.get(key);
        return known != null ? known : MerchantHealth.unknown(key);
    }

    /**
     * How a destination may take an attempt now. A breaker whose open period is over admits one probe: this node
     * claims it (once per destination and batch), or, if it cannot, the destination cannot take this attempt.
     */
    private Admission claimed(String key, Map<String, MerchantHealth> health, Set<String> probing, long nowMillis) {
        MerchantHealth destinationHealth = healthOf(key, health);
        Admission admission = registry.breaker().admit(destinationHealth, nowMillis);
        if (admission != Admission.PROBE) {
            return admission;
        }
        if (probing.contains(key) || !registry.tryStartProbe(destinationHealth, settings.lockTtlMillis())) {
            return Admission.DEFER;
        }
        probing.add(key);
        LOG.info(() -> "merchant_key=" + key + " breaker half-open: probing with a routed notification");
        return Admission.PROBE;
    }

    /**
     * The route a row follows: its account's route for its event; for a broadcast's copy, the single route to the
     * member it is pinned to (none for the copy to the broadcast's own notify URL).
     */
    private static Optional<Plan> plan(RoutingTable.Snapshot snapshot, PendingRow row) {
        Optional<RoutingTable.Account> account = snapshot.account(row.merchantNo())
                .filter(RoutingTable.Account::enabled);
        if (row.isCopy()) {
            return account.isEmpty() ? Optional.empty() : snapshot.pinned(row.destinationId());
        }
        return account.flatMap(found -> found.routeFor(row.event())).filter(Plan::enabled);
    }
}
