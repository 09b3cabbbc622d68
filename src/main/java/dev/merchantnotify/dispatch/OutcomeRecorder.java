package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.AttemptRow;
import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.RouteProgress;
import dev.merchantnotify.deliverylog.StatusChange;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.routing.Strategy;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a batch of attempt outcomes (and breaker deferrals and pause parkings) in one transaction: one JDBC batch of
 * attempt rows, one of status changes, without reading the rows first.
 *
 * <p>Every status change is conditional ({@link DeliveryRows#write}): it applies only if the row is still PENDING at
 * the version the attempt was made from. One that no longer applies (another node, an operator overtook it) changes
 * nothing, and its id goes back to the pending list, where the next claim reads the row afresh. A stale outcome still leaves its attempt row, because the
 * merchant was called.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class.getName());
    /** What a parked notification's last_error says. */
    static final String PARKED = "paused: the merchant is paused by an operator; kept, not sent, until it is resumed";
    private static final long PARKING_RECHECK_MILLIS = 1_000;

    @Inject
    DeliveryRows rows;

    @Inject
    DispatchSettings settings;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    Clock clock;

    /** A status change, what Redis should do with the id if it applies, and what to log then. */
    private record Decision(StatusChange change, Settlement settlement, Runnable logIfApplied) {
        static final Runnable SILENT = () -> { };
    }

    /** Records the outcomes and deferrals and says what Redis should do with each id. */
    @Transactional
    public List<Settlement> record(List<DeliveryOutcome> outcomes, List<Deferral> deferrals) {
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>(outcomes.size() + deferrals.size());
        List<AttemptRow> attempts = new ArrayList<>(outcomes.size());
        deferrals.forEach(deferral -> decisions.add(ofCopy(decide(deferral, now), deferral.task())));
        for (DeliveryOutcome outcome : outcomes) {
            attempts.add(attemptRow(outcome));
            decisions.add(ofCopy(decide(outcome, now), outcome.task()));
        }
        boolean[] applied = rows.write(attempts, decisions.stream().map(Decision::change).toList());
        List<Settlement> settlements = new ArrayList<>(decisions.size());
        for (int i = 0; i < applied.length; i++) {
            Decision decision = decisions.get(i);
            if (applied[i]) {
                settlements.add(decision.settlement());
                decision.logIfApplied().run();
            } else {
                StatusChange stale = decision.change();
                LOG.fine(() -> "Notification " + stale.notificationId() + " changed since it was claimed (version "
                        + stale.versionBefore() + "); this outcome is logged only and the row looked at again");
                // Whoever changed it (an operator's retry, another node) may have left it PENDING and due: the next
                // claim reads the row again and delivers it, or drops the id. A parking that did not apply found the
                // merchant resumed (or not yet paused in the database): looked at again a moment later.
                settlements.add(stale.parking()
                        ? Settlement.retryAt(stale.notificationId(), now.toEpochMilli() + PARKING_RECHECK_MILLIS)
                        : Settlement.requeue(stale.notificationId()));
            }
        }
        return settlements;
    }

    /** A broadcast's copy's decision also settles its broadcast once it applies. */
    private static Decision ofCopy(Decision decision, DeliveryTask task) {
        return task.broadcastId() == 0 ? decision : new Decision(decision.change().ofCopyOf(task.broadcastId()),
                decision.settlement(), decision.logIfApplied());
    }

    private Decision decide(Deferral deferral, Instant now) {
        Decision decision = decideUnrouted(deferral, now);
        RouteStep route = deferral.task().route();
        if (route == null || deferral.dropped() != null) {
            return decision;
        }
        // Waiting without an attempt: from the route's first step again, at the destination it waits for.
        return new Decision(decision.change().routed(new RouteProgress(deferral.task().merchantKey(), 0, 0, 0)),
                decision.settlement(), decision.logIfApplied());
    }

    private Decision decideUnrouted(Deferral deferral, Instant now) {
        DeliveryTask task = deferral.task();
        long id = task.notificationId();
        if (deferral.dropped() != null) {
            return new Decision(StatusChange.expired(id, task.version(), deferral.dropped()), Settlement.done(id),
                    () -> LOG.log(Level.WARNING, "order_no={0} FAILED: {1}", new Object[] {task.orderNo(),
                            deferral.dropped()}));
        }
        if (deferral.parking()) {
            return new Decision(StatusChange.parked(id, task.version(), task.merchantKey(), PARKED),
                    Settlement.done(id), Decision.SILENT);
        }
        if (task.budgetStart().isBefore(now.minus(merchantSettings.maxAge()))) {
            return new Decision(StatusChange.expired(id, task.version(), "expired: still undelivered after "
                    + merchantSettings.maxAge().toHours() + " h while the merchant's circuit breaker was open"),
                    Settlement.done(id), () -> LOG.log(Level.WARNING, "order_no={0} merchant_key={1} FAILED: expired "
                            + "while the merchant''s circuit breaker was open", new Object[] {task.orderNo(), task.merchantKey()}));
        }
        return new Decision(StatusChange.deferred(id, task.version(), deferral.until(),
                "deferred: the merchant's circuit breaker is open"),
                Settlement.retryAt(id, deferral.until().toEpochMilli()), Decision.SILENT);
    }

    private static AttemptRow attemptRow(DeliveryOutcome outcome) {
        DeliveryTask task = outcome.task();
        RouteStep route = task.route();
        return new AttemptRow(task.notificationId(), task.attemptNo(), outcome.startedAt(), outcome.durationMs(),
                outcome.httpStatus(), outcome.success(), outcome.result().responseExcerpt(),
                outcome.success() ? null : outcome.failure().apiName(), outcome.error(), task.merchantKey(),
                task.target().channel(), route == null ? null : route.destination(),
                route == null ? null : route.target(), outcome.result().providerRef(), task.event(), task.merchant());
    }

    private Decision decide(DeliveryOutcome outcome, Instant now) {
        RouteStep route = outcome.task().route();
        if (route == null) {
            return decideUnrouted(outcome, now);
        }
        DeliveryTask task = outcome.task();
        long id = task.notificationId();
        String where = route.destination() == null ? "its notify_url" : "destination " + route.destination();
        if (outcome.success()) {
            return new Decision(StatusChange.delivered(id, task.version(), outcome.finishedAt())
                    .routed(new RouteProgress(task.merchantKey(), route.step(), 0, 0)), Settlement.done(id),
                    Decision.SILENT);
        }
        int failuresHere = route.stepFailures() + 1;
        if (route.movesOnAfter(failuresHere)) {
            // Failover: on to the next step at once; this attempt does not use up a retry of the schedule.
            String error = outcome.error() + " (at " + where + "; moving on to the next destination)";
            return new Decision(StatusChange.retrying(id, task.version(), error, now)
                    .routed(new RouteProgress(task.merchantKey(), route.step() + 1, 0, 1)),
                    Settlement.requeue(id), () -> LOG.info(() -> "order_no=" + task.orderNo() + " merchant_key="
                    + task.merchantKey() + " attempt " + task.attemptNo() + " failed (" + outcome.failure().apiName()
                    + ") at " + where + ": moving on to the next destination"));
        }
        boolean lastStep = route.step() + 1 >= route.steps() || route.strategy() != Strategy.FAILOVER;
        Decision scheduled = decideUnrouted(outcome, now);
        // Failed at its last step (or a failover step not yet given up): the retry schedule, the whole route again
        // from its first step unless this step may still be tried.
        boolean staysHere = !lastStep && failuresHere < route.failoverAfter();
        RouteProgress progress = staysHere
                ? new RouteProgress(task.merchantKey(), route.step(), failuresHere, 0)
                : new RouteProgress(task.merchantKey(), 0, 0, 0);
        if (staysHere && scheduled.change().status() == NotificationStatus.FAILED
                && (!outcome.failure().retried() || Integer.valueOf(410).equals(outcome.httpStatus()))) {
            // Not worth trying here again, but the route has more: move on now.
            return new Decision(StatusChange.retrying(id, task.version(), outcome.error() + " (at " + where
                    + "; moving on to the next destination)", now)
                    .routed(new RouteProgress(task.merchantKey(), route.step() + 1, 0, 1)),
                    Settlement.requeue(id), Decision.SILENT);
        }
        return new Decision(scheduled.change().routed(progress), scheduled.settlement(), scheduled.logIfApplied());
    }

    private Decision decideUnrouted(DeliveryOutcome outcome, Instant now) {
        DeliveryTask task = outcome.task();
        long id = task.notificationId();
        if (outcome.success()) {
            return new Decision(StatusChange.delivered(id, task.version(), outcome.finishedAt()),
                    Settlement.done(id), Decision.SILENT);
        }
        Optional<Instant> retryAt = !outcome.failure().retried() ? Optional.empty()
                : settings.retrySchedule().nextAttempt(task.budgetAttemptNo(), outcome.httpStatus(),
                outcome.retryAfter(), now, ThreadLocalRandom.current().nextDouble());
        if (retryAt.isPresent()) {
            return new Decision(StatusChange.retrying(id, task.version(), outcome.error(), retryAt.get()),
                    Settlement.retryAt(id, retryAt.get().toEpochMilli()),
                    () -> LOG.info(() -> "order_no=" + task.orderNo() + " merchant_key=" + task.merchantKey()
                            + " attempt " + task.attemptNo() + " failed (" + outcome.failure().apiName() + "): "
                            + outcome.error() + "; retry at " + retryAt.get()));
        }
        String reason = !outcome.failure().retried() ? outcome.error() + " (not retried)"
                : outcome.httpStatus() != null && outcome.httpStatus() == 410
                ? outcome.error() + " (410 Gone: not retried)"
                : outcome.error() + " (after " + task.budgetAttemptNo() + " attempts)";
        return new Decision(StatusChange.failed(id, task.version(), reason), Settlement.done(id),
                () -> LOG.log(Level.WARNING, "order_no={0} merchant_key={1} attempt {2} failed ({3}): FAILED: {4}",
                        new Object[] {task.orderNo(), task.merchantKey(), task.attemptNo(), outcome.failure().apiName(),
                                reason}));
    }
}
