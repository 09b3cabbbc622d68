package dev.merchantnotify.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.routing.RoutingTable.Destination;
import dev.merchantnotify.routing.RoutingTable.Member;
import dev.merchantnotify.routing.RoutingTable.Plan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemberChoiceTest {

    private static Member member(String name, int tier, int weight) {
        return new Member(tier, weight, MemberRole.REQUIRED,
                new Destination(name.hashCode(), name, "key-" + name, "http", true, name, null));
    }

    private static Plan plan(boolean sticky, Member... members) {
        return new Plan(1, new EventPattern("*"), Strategy.WEIGHTED, sticky, 1, true, List.of(members));
    }

    @Test
    void failoverTakesTheFirstAvailableMemberFromItsStep() {
        List<Member> members = List.of(member("a", 1, 1), member("b", 1, 1), member("c", 2, 1));
        assertEquals(0, MemberChoice.failover(members, 0, m -> true));
        assertEquals(1, MemberChoice.failover(members, 0, m -> !m.destination().name().equals("a")));
        assertEquals(2, MemberChoice.failover(members, 2, m -> true));
        assertEquals(-1, MemberChoice.failover(members, 1, m -> m.destination().name().equals("a")));
    }

    @Test
    void weightedSplitsExactlyByWeightWithoutBursts() {
        Plan plan = plan(false, member("a", 1, 3), member("b", 1, 1));
        Map<String, Integer> counts = new HashMap<>();
        StringBuilder firstEight = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            String name = plan.members().get(MemberChoice.weighted(plan, "o" + i, m -> true)).destination().name();
            counts.merge(name, 1, Integer::sum);
            if (i < 8) {
                firstEight.append(name);
            }
        }
        assertEquals(3000, counts.get("a"));
        assertEquals(1000, counts.get("b"));
        assertEquals("aabaaaba", firstEight.toString());
    }

    @Test
    void aPickTakenBackLeavesTheSplitByWeight() {
        Plan plan = plan(false, member("a", 1, 3), member("b", 1, 1));
        Map<String, Integer> counts = new HashMap<>();
        int picksOfA = 0;
        int takenBack = 0;
        while (counts.values().stream().mapToInt(Integer::intValue).sum() < 4000) {
            MemberChoice.Pick pick = MemberChoice.weightedPick(plan, "o", m -> true);
            String name = plan.members().get(pick.index()).destination().name();
            if (name.equals("a") && picksOfA++ % 2 == 0) {
                pick.undo(); // a's lane was full: the notification goes back and is picked again later
                takenBack++;
                continue;
            }
            counts.merge(name, 1, Integer::sum);
        }
        assertTrue(takenBack > 1000, "the test took picks back: " + takenBack);
        assertTrue(Math.abs(counts.get("a") - 3000) <= 2, "taken-back picks do not shift the split: " + counts);
    }

    @Test
    void weightedSkipsUnavailableMembersAndFallsToTheNextTier() {
        Plan plan = plan(false, member("a", 1, 3), member("b", 1, 1), member("c", 2, 1));
        for (int i = 0; i < 10; i++) {
            assertEquals(1, MemberChoice.weighted(plan, "o", m -> !m.destination().name().equals("a")));
        }
        assertEquals(2, MemberChoice.weighted(plan, "o", m -> m.destination().name().equals("c")));
        assertEquals(-1, MemberChoice.weighted(plan, "o", m -> false));
    }

    @Test
    void stickyKeepsAnOrderOnOneMemberAndMovesOnlyTheOrdersOfAMemberThatGoesAway() {
        Plan plan = plan(true, member("a", 1, 1), member("b", 1, 1), member("c", 1, 2));
        Map<String, Integer> before = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            int chosen = MemberChoice.weighted(plan, "order-" + i, m -> true);
            assertEquals(chosen, MemberChoice.weighted(plan, "order-" + i, m -> true), "the same order, the same member");
            before.put("order-" + i, chosen);
            counts.merge(chosen, 1, Integer::sum);
        }
        assertTrue(Math.abs(counts.get(2) - 2000) < 200, "weight 2 of 4 takes about half: " + counts);
        for (Map.Entry<String, Integer> order : before.entrySet()) {
            int after = MemberChoice.weighted(plan, order.getKey(), m -> !m.destination().name().equals("b"));
            if (order.getValue() != 1) {
                assertEquals(order.getValue(), after, "an order whose member stays does not move");
            } else {
                assertTrue(Set.of(0, 2).contains(after));
            }
        }
    }
}
