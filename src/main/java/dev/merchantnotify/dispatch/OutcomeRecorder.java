package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.AttemptRow;
import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.StatusChange;
import dev.merchantnotify.merchant.MerchantSettings;
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
 * Writes a batch of attempt outcomes (and breaker deferrals) in one transaction: one JDBC batch of attempt rows, one of
 * status changes, without reading the rows first.
 *
 * <p>Every status change is conditional ({@link DeliveryRows#write}): it applies only if the row is still PENDING with
 * the number of attempts the attempt was made from. One that no longer applies (another node, an operator overtook it)
 * changes nothing, and its id is simply dropped from Redis. A stale outcome still leaves its attempt row, because the
 * merchant was called.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class.getName());

    @Inject
    DeliveryRows rows;

    @Inject
    DispatchSettings settings;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    Clock clock;

    /** Records the outcomes and deferrals and says what Redis should do with each id. */
    @Transactional
    public List<Settlement> record(List<DeliveryOutcome> outcomes, List<Deferral> deferrals) {
        Instant now = clock.instant();
        int count = outcomes.size() + deferrals.size();
        List<StatusChange> changes = new ArrayList<>(count);
        List<Settlement> ifApplied = new ArrayList<>(count);
        List<Runnable> logIfApplied = new ArrayList<>(count);
        decideDeferrals(deferrals, now, changes, ifApplied, logIfApplied);
        List<AttemptRow> attempts = decideOutcomes(outcomes, now, changes, ifApplied, logIfApplied);
        boolean[] applied = rows.write(attempts, changes);
        List<Settlement> settlements = new ArrayList<>(count);
        for (int i = 0; i < applied.length; i++) {
            if (applied[i]) {
                settlements.add(ifApplied.get(i));
                logIfApplied.get(i).run();
            } else {
                StatusChange stale = changes.get(i);
                LOG.fine(() -> "Notification " + stale.notificationId() + " moved on since it was claimed with "
                        + stale.attemptsBefore() + " attempt(s); this outcome is logged only");
                settlements.add(Settlement.done(stale.notificationId()));
            }
        }
        return settlements;
    }

    private void decideDeferrals(List<Deferral> deferrals, Instant now, List<StatusChange> changes,
                                 List<Settlement> ifApplied, List<Runnable> logIfApplied) {
        Instant expiredBefore = now.minus(merchantSettings.maxAge());
        for (Deferral deferral : deferrals) {
            DeliveryTask task = deferral.task();
            if (task.createdAt().isBefore(expiredBefore)) {
                changes.add(StatusChange.expired(task.notificationId(), task.attemptsBefore(), "expired: still "
                        + "undelivered after " + merchantSettings.maxAge().toHours()
                        + " h while the merchant's circuit breaker was open"));
                ifApplied.add(Settlement.done(task.notificationId()));
                logIfApplied.add(() -> LOG.log(Level.INFO, "order_no={0} merchant_key={1} FAILED: expired",
                        new Object[] {task.orderNo(), task.merchantKey()}));
            } else {
                changes.add(StatusChange.deferred(task.notificationId(), task.attemptsBefore(), deferral.until(),
                        "deferred: the merchant's circuit breaker is open"));
                ifApplied.add(Settlement.retryAt(task.notificationId(), deferral.until().toEpochMilli()));
                logIfApplied.add(() -> { });
            }
        }
    }

    private List<AttemptRow> decideOutcomes(List<DeliveryOutcome> outcomes, Instant now, List<StatusChange> changes,
                                            List<Settlement> ifApplied, List<Runnable> logIfApplied) {
        RetrySchedule schedule = settings.retrySchedule();
        List<AttemptRow> attempts = new ArrayList<>(outcomes.size());
        for (DeliveryOutcome outcome : outcomes) {
            DeliveryTask task = outcome.task();
            long id = task.notificationId();
            attempts.add(new AttemptRow(id, task.attemptNo(), outcome.startedAt(), outcome.durationMs(),
                    outcome.httpStatus(), outcome.success(), outcome.responseExcerpt(),
                    outcome.success() ? null : outcome.failure().apiName(), outcome.error()));
            if (outcome.success()) {
                changes.add(StatusChange.delivered(id, task.attemptsBefore(), outcome.finishedAt()));
                ifApplied.add(Settlement.done(id));
                logIfApplied.add(() -> { });
                continue;
            }
            Optional<Instant> retryAt = schedule.nextAttempt(task.attemptNo(), outcome.httpStatus(),
                    outcome.retryAfter(), now, ThreadLocalRandom.current().nextDouble());
            if (retryAt.isPresent()) {
                changes.add(StatusChange.retrying(id, task.attemptsBefore(), outcome.error(), retryAt.get()));
                ifApplied.add(Settlement.retryAt(id, retryAt.get().toEpochMilli()));
                logIfApplied.add(() -> LOG.fine(() -> "order_no=" + task.orderNo() + " merchant_key="
                        + task.merchantKey() + " attempt " + task.attemptNo() + " failed ("
                        + outcome.failure().apiName() + "): " + outcome.error() + "; retry at " + retryAt.get()));
            } else {
                String reason = outcome.httpStatus() != null && outcome.httpStatus() == 410
                        ? outcome.error() + " (410 Gone: not retried)"
                        : outcome.error() + " (after " + task.attemptNo() + " attempts)";
                changes.add(StatusChange.failed(id, task.attemptsBefore(), reason));
                ifApplied.add(Settlement.done(id));
                logIfApplied.add(() -> LOG.log(Level.INFO, "order_no={0} merchant_key={1} FAILED: {2}",
                        new Object[] {task.orderNo(), task.merchantKey(), reason}));
            }
        }
        return attempts;
    }
}
