package dev.merchantnotify.deliverylog;

/**
 * Where a routed notification stands in its route after a change: the destination key it is at (its breaker, lane and
 * pause go by it), the step of its route and the failed attempts there, and how many attempts the change leaves out of
 * the retry schedule's count ({@code budgetSkipped}: a failover move to the next member does not use up a retry).
 */
public record RouteProgress(String merchantKey, int step, int stepFailures, int budgetSkipped) {
}
