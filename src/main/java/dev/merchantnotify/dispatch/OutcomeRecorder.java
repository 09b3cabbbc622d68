package dev.merchantnotify.dispatch;

import dev.merchantnotify.deliverylog.DeliveryAttempt;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Writes a batch of attempt outcomes (and breaker deferrals) in one transaction: one query loads the rows, then the attempt rows and status
 * changes go out as JDBC batches at commit.
 *
 * <p>Every status change is conditional: it applies only if the row is still PENDING with the number of attempts the
 * attempt was made from, and the row's version column makes the UPDATE fail if anyone changed it since it was read
 * (another node, an operator). A stale outcome still leaves its attempt row, because the merchant was called.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class.getName());

    @Inject
    Notifications notifications;

    @Inject
    DispatchSettings settings;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    Clock clock;

    /** Records the outcomes and deferrals and says what Redis should do with each id. */
    @Transactional
    public List<Settlement> record(List<DeliveryOutcome> outcomes, List<Deferral> deferrals) {
        List<Long> ids = new ArrayList<>(outcomes.size() + deferrals.size());
        outcomes.forEach(o -> ids.add(o.task().notificationId()));
        deferrals.forEach(d -> ids.add(d.task().notificationId()));
        Map<Long, Notification> rows = notifications.findAll(ids)
                .stream().collect(Collectors.toMap(Notification::getId, Function.identity()));
        Instant now = clock.instant();
        List<Settlement> settlements = new ArrayList<>(ids.size());
        recordDeferrals(deferrals, rows, now, settlements);
        recordOutcomes(outcomes, rows, now, settlements);
        return settlements;
    }

    private void recordDeferrals(List<Deferral> deferrals, Map<Long, Notification> rows, Instant now,
                                 List<Settlement> settlements) {
        Instant expiredBefore = now.minus(merchantSettings.maxAge());
        for (Deferral deferral : deferrals) {
            DeliveryTask task = deferral.task();
            Notification row = rows.get(task.notificationId());
            if (row == null || row.getStatus() != NotificationStatus.PENDING
                    || row.getAttempts() != task.attemptsBefore()) {
                settlements.add(Settlement.done(task.notificationId()));
            } else if (row.getCreatedAt().isBefore(expiredBefore)) {
                row.expire("expired: still undelivered after " + merchantSettings.maxAge().toHours()
                        + " h while the merchant's circuit breaker was open");
                settlements.add(Settlement.done(task.notificationId()));
                LOG.log(Level.INFO, "order_no={0} merchant_key={1} FAILED: expired",
                        new Object[] {task.orderNo(), task.merchantKey()});
            } else {
                row.defer(deferral.until(), "deferred: the merchant's circuit breaker is open");
                settlements.add(Settlement.retryAt(task.notificationId(), deferral.until().toEpochMilli()));
            }
        }
    }

    private void recordOutcomes(List<DeliveryOutcome> outcomes, Map<Long, Notification> rows, Instant now,
                                List<Settlement> settlements) {
        RetrySchedule schedule = settings.retrySchedule();
        for (DeliveryOutcome outcome : outcomes) {
            DeliveryTask task = outcome.task();
            Notification row = rows.get(task.notificationId());
            if (row == null) {
                settlements.add(Settlement.done(task.notificationId()));
                continue;
            }
            notifications.persist(new DeliveryAttempt(row, task.attemptNo(), outcome.startedAt(), outcome.durationMs(),
                    outcome.httpStatus(), outcome.success(), outcome.responseExcerpt(),
                    outcome.success() ? null : outcome.failure().apiName(), outcome.error()));
            if (row.getStatus() != NotificationStatus.PENDING || row.getAttempts() != task.attemptsBefore()) {
                LOG.fine(() -> "Outcome of attempt " + task.attemptNo() + " of notification " + task.notificationId()
                        + " is stale (row is " + row.getStatus() + " after " + row.getAttempts() + " attempts); logged only");
                settlements.add(Settlement.done(task.notificationId()));
                continue;
            }
            if (outcome.success()) {
                row.markDelivered(outcome.finishedAt());
                settlements.add(Settlement.done(task.notificationId()));
                continue;
            }
            Optional<Instant> retryAt = schedule.nextAttempt(task.attemptNo(), outcome.httpStatus(),
                    outcome.retryAfter(), now, ThreadLocalRandom.current().nextDouble());
            if (retryAt.isPresent()) {
                row.markRetrying(outcome.error(), retryAt.get());
                settlements.add(Settlement.retryAt(task.notificationId(), retryAt.get().toEpochMilli()));
                LOG.fine(() -> "order_no=" + task.orderNo() + " merchant_key=" + task.merchantKey() + " attempt "
                        + task.attemptNo() + " failed (" + outcome.failure().apiName() + "): " + outcome.error()
                        + "; retry at " + retryAt.get());
            } else {
                String reason = outcome.httpStatus() != null && outcome.httpStatus() == 410
                        ? outcome.error() + " (410 Gone: not retried)"
                        : outcome.error() + " (after " + task.attemptNo() + " attempts)";
                row.markFailed(reason);
                settlements.add(Settlement.done(task.notificationId()));
                LOG.log(Level.INFO, "order_no={0} merchant_key={1} FAILED: {2}",
                        new Object[] {task.orderNo(), task.merchantKey(), reason});
            }
        }
    }
}
