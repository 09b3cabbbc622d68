package dev.merchantnotify.routing;

import dev.merchantnotify.routing.RoutingTable.Member;
import dev.merchantnotify.routing.RoutingTable.Plan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which member of a route an attempt goes to, given which members can take it now ({@code available}: enabled, breaker
 * not open, not paused). Pure: the health is the caller's.
 */
public final class MemberChoice {

    private MemberChoice() {
    }

    /**
     * A failover route: the first available member from {@code step} on (tier 1 first, each tier's members in order);
     * -1 if none from there to the end is.
     */
    public static int failover(List<Member> members, int step, Predicate<Member> available) {
        for (int i = Math.max(0, step); i < members.size(); i++) {
            if (available.test(members.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A weighted route: among the available members of the first tier that has any, by smooth weighted round robin,
     * or, if the route is sticky, the member {@code orderNo} hashes to (weighted rendezvous hashing: an order stays on
     * its member while that member is available, and only the orders of a member that goes away move); -1 if no
     * member is available.
     */
    public static int weighted(Plan plan, String orderNo, Predicate<Member> available) {
        return weightedPick(plan, orderNo, available).index();
    }

    /**
     * A member picked by a weighted route: its index (-1: none), and, for a round robin pick, how to take it back when
     * its attempt does not start ({@link #undo}).
     */
    public record Pick(int index, SmoothWeights weights, boolean[] candidates) {

        /** Takes the pick back (a sticky pick has nothing to take back). */
        public void undo() {
            if (weights != null && index >= 0) {
                weights.undo(index, candidates);
            }
        }
    }

    /** As {@link #weighted}, with the pick's handle. */
    public static Pick weightedPick(Plan plan, String orderNo, Predicate<Member> available) {
        List<Member> members = plan.members();
        boolean[] candidates = new boolean[members.size()];
        int tier = -1;
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            if (tier != -1 && member.tier() != tier) {
                break;
            }
            if (available.test(member)) {
                candidates[i] = true;
                tier = member.tier();
            }
        }
        if (tier == -1) {
            return new Pick(-1, null, candidates);
        }
        return plan.sticky() ? new Pick(rendezvous(members, candidates, orderNo), null, candidates)
                : new Pick(plan.weights().pick(candidates), plan.weights(), candidates);
    }

    /** Weighted rendezvous: the candidate with the highest {@code -weight / ln(u)}, u a hash of order and member. */
    static int rendezvous(List<Member> members, boolean[] candidates, String orderNo) {
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < members.size(); i++) {
            if (!candidates[i]) {
                continue;
            }
            double unit = unitHash(orderNo, members.get(i).destination().key());
            double score = -members.get(i).weight() / Math.log(unit);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** A hash of the order and the member in (0, 1), the same on every node. */
    private static double unitHash(String orderNo, String memberKey) {
        long hash = 0xcbf29ce484222325L; // FNV-1a 64, then a murmur finaliser to spread it
        for (byte b : (orderNo + '\u0000' + memberKey).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return ((hash >>> 11) + 0.5) / (1L << 53);
    }
}
