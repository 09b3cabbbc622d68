package dev.merchantnotify.dispatch;

import dev.merchantnotify.routing.MemberChoice;
import dev.merchantnotify.routing.Strategy;

/**
 * Where a routed notification's attempt stands in its route. The steps are its own notify URL, if it has one, then
 * each member of a failover route in order (tier by tier), or the whole route as one step for the other strategies
 * (each attempt there picks its member afresh).
 *
 * @param step          the step of this attempt
 * @param stepFailures  the failed attempts at this step before this one
 * @param failoverAfter failed attempts at a step before the notification moves to the next one
 * @param steps         how many steps there are
 * @param destination   the registered destination's name, null at the notification's own notify URL
 * @param target        the registered destination's address without credentials, null at its own notify URL
 * @param pick          a weighted route's round robin pick, taken back if the attempt does not start; else null
 */
record RouteStep(Strategy strategy, int step, int stepFailures, int failoverAfter, int steps, String destination,
                 String target, MemberChoice.Pick pick) {

    /** Whether a failure here moves the notification on at once (a failover step with a next one). */
    boolean movesOnAfter(int failuresHere) {
        return failuresHere >= failoverAfter && step + 1 < steps;
    }
}
