package dev.merchantnotify.operator;

import dev.merchantnotify.alerting.Alert;
import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.alerting.Alerts;
import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.LogCleanup;
import dev.merchantnotify.deliverylog.NotificationSummary;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.dispatch.Redelivery;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.platform.ClientText;
import dev.merchantnotify.signing.MerchantSecret;
import dev.merchantnotify.signing.MerchantSecrets;
import dev.merchantnotify.signing.SignType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What operators change, for the admin API and the console alike. Every change writes an audit record: in the same
 * transaction where the change is in the database, right after it otherwise. Lookups that may be refused
 * ({@link Refusal}) run before any transaction starts.
 */
@ApplicationScoped
public class OperatorActions {

    /** The longest clean-up window: 100 years. */
    public static final int MAX_CLEANUP_DAYS = 36_500;

    @Inject
    Notifications notifications;

    @Inject
    Redelivery redelivery;

    @Inject
    LogCleanup logCleanup;

    @Inject
    Merchants merchants;

    @Inject
    MerchantRegistry registry;

    @Inject
    Alerts alerts;

    @Inject
    AuditLog audit;

    @Inject
    MerchantSecrets secrets;

    @Inject
    Clock clock;

    @Inject
    DeliveryRows deliveryRows;

    @Inject
    OperatorJobs jobs;

    @Inject
    OperatorSettings settings;

    /**
     * Queues one notification (by id) or every notification of an order (optionally of one event) again now, with a
     * fresh attempt budget, whatever its state. The lookup runs first, outside the change's transaction, so an unknown
     * notification is a {@link Refusal} with nothing to roll back.
     *
     * @return the notifications as they were before
     */
    public List<NotificationSummary> retry(Long notificationId, String orderNo, String event, Operator operator) {
        List<NotificationSummary> found;
        String target;
        if (notificationId != null) {
            target = "order_id=" + notificationId;
            found = List.copyOf(notifications.summaries(List.of(notificationId)).values());
            if (found.isEmpty()) {
                throw new Refusal(Refusal.Reason.UNKNOWN_NOTIFICATION, String.valueOf(notificationId));
            }
        } else {
            target = "order_no=" + orderNo + (event == null ? "" : " event=" + event);
            found = notifications.findByOrderNo(orderNo).stream()
                    .filter(n -> event == null || n.getEvent().equals(event))
                    .map(NotificationSummary::of)
                    .toList();
            if (found.isEmpty()) {
                throw event == null ? new Refusal(Refusal.Reason.UNKNOWN_ORDER, ClientText.quote(orderNo))
                        : new Refusal(Refusal.Reason.UNKNOWN_ORDER_EVENT, ClientText.quote(orderNo),
                        ClientText.quote(event));
            }
        }
        String before = found.stream()
                .map(n -> "id " + n.id() + " was " + n.status().name().toLowerCase(Locale.ROOT) + " after "
                        + n.attempts() + " attempt(s)")
                .collect(Collectors.joining("; "));
        audit.recordChange(operator, "retry", target,
                () -> redelivery.retry(found.stream().map(NotificationSummary::id).toList()),
                changed -> before + (changed == found.size() ? "" : "; " + (found.size() - changed)
                        + " deleted meanwhile"));
        return found;
    }

    /** Refuses a recovery of a state that cannot be recovered, or an empty range. */
    static void checkRecoverable(NotificationStatus status, Instant since, Instant until) {
        if (status != NotificationStatus.FAILED && status != NotificationStatus.SUCCESS) {
            throw new Refusal(Refusal.Reason.RECOVER_STATUS, status.name().toLowerCase(Locale.ROOT));
        }
        if (!until.isAfter(since)) {
            throw new Refusal(Refusal.Reason.EMPTY_RANGE, since.toString(), until.toString());
        }
    }

    /**
     * Queues again every notification of the merchant in {@code status} (failed, or delivered: sent once more) created
     * in [{@code since}, {@code until}), each with a fresh attempt budget: in batches of
     * {@code notify.operator.batch-size} that each commit and join the back of the pending list, as a job ({@link OperatorJobs}). Audited once, with the
     * count, when it ends (or fails).
     */
    public JobView recover(MerchantKey key, String notifyUrl, NotificationStatus status, Instant since, Instant until,
                           Operator operator) {
        requireKnown(key, notifyUrl);
        checkRecoverable(status, since, until);
        String state = status == NotificationStatus.SUCCESS ? "delivered (success)" : "failed";
        String what = state + " notification(s) created from " + since + " to " + until;
        return jobs.start("recover", notifyUrl, operator, progress -> {
            String outcome = "";
            try {
                return queueInBatches(deliveryRows.recoverable(key.value(), status, since, until), progress,
                        batch -> redelivery.recover(batch, status));
            } catch (RuntimeException e) {
                outcome = "; stopped by " + e;
                throw e;
            } finally {
                audit.record(operator, "recover", notifyUrl, "merchant_key " + key.value() + ": queued "
                        + progress.queued() + " of " + progress.total() + " " + what + " with a fresh attempt budget"
                        + outcome);
            }
        });
    }

    /**
     * Pauses the merchant: from now on its notifications are accepted and kept but not sent (parked: no attempt used,
     * no expiry) until it is resumed; attempts already under way finish. Every node sees it at its next claim. Audited.
     */
    public MerchantStatusView pause(MerchantKey key, String notifyUrl, String reason, Operator operator) {
        Merchant merchant = requireKnown(key, notifyUrl);
        if (merchant.isPaused()) {
            throw new Refusal(Refusal.Reason.ALREADY_PAUSED, ClientText.quote(notifyUrl),
                    merchant.getPausedAt().toString(), merchant.getPausedBy());
        }
        // Redis first: once the row says paused, no node may deliver. If the row cannot be written, Redis is put back
        // (and mended within 10 s by Merchants.reconcilePauses if even that fails).
        MerchantHealth health = registry.setPaused(key.value(), true);
        Merchant paused;
        try {
            paused = audit.recordChange(operator, "pause-merchant", notifyUrl,
                    () -> merchants.pause(key.value(), clock.instant(), operator.name(), reason),
                    done -> "merchant_key " + key.value() + " paused" + (reason == null ? "" : ": " + reason));
        } catch (RuntimeException e) {
            try {
                registry.setPaused(key.value(), false);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return MerchantStatusView.of(health, paused, notifyUrl);
    }

    /** What a resume did: the merchant after it, and the job that queues its parked notifications. */
    public record Resumed(MerchantStatusView merchant, JobView job) {
    }

    /**
     * Resumes a paused merchant: its parked notifications get a next attempt now and join the back of the pending list
     * in batches (a job), and its lanes pace them as any backlog. Audited with how many were parked.
     */
    public Resumed resume(MerchantKey key, String notifyUrl, String reason, Operator operator) {
        Merchant merchant = requireKnown(key, notifyUrl);
        if (!merchant.isPaused()) {
            throw new Refusal(Refusal.Reason.NOT_PAUSED, ClientText.quote(notifyUrl));
        }
        long parked = deliveryRows.countParked(key.value());
        Merchant resumed = audit.recordChange(operator, "resume-merchant", notifyUrl,
                () -> merchants.resume(key.value(), clock.instant()),
                done -> "merchant_key " + key.value() + " resumed after a pause since " + merchant.getPausedAt()
                        + " by " + merchant.getPausedBy()
                        + (merchant.getPausedReason() == null ? "" : " (" + merchant.getPausedReason() + ")") + "; "
                        + parked + " notification(s) were parked" + (reason == null ? "" : "; " + reason));
        MerchantHealth health = registry.setPaused(key.value(), false);
        JobView job = jobs.start("resume-merchant", notifyUrl, operator,
                progress -> queueInBatches(deliveryRows.parked(key.value()), progress, redelivery::unpark));
        return new Resumed(MerchantStatusView.of(health, resumed, notifyUrl), job);
    }

    /**
     * A long change's work: {@code queueBatch} for each batch of {@code notify.operator.batch-size} ids (it commits on
     * its own and answers how many it queued), with the job's progress reported after each; returns how many queued.
     */
    private long queueInBatches(long[] ids, OperatorJobs.Progress progress, ToIntFunction<List<Long>> queueBatch) {
        progress.total(ids.length);
        int size = settings.batchSize();
        long queued = 0;
        for (int from = 0; from < ids.length; from += size) {
            List<Long> batch = new ArrayList<>(Math.min(size, ids.length - from));
            for (int i = from; i < Math.min(ids.length, from + size); i++) {
                batch.add(ids[i]);
            }
            queued += queueBatch.applyAsInt(batch);
            progress.queued(queued);
        }
        return queued;
    }

    /** Deletes the delivery log older than {@code days} days (see {@link LogCleanup}). */
    public LogCleanup.Result cleanup(int days, Operator operator) {
        LogCleanup.Result result = logCleanup.deleteBefore(clock.instant().minus(Duration.ofDays(days)));
        audit.record(operator, "cleanup", "days=" + days, "deleted " + result.notifications() + " notification(s) and "
                + result.attempts() + " attempt(s) from before " + result.before());
        return result;
    }

    /** Closes the merchant's breaker and clears its failures; returns its status after. */
    public MerchantStatusView resetBreaker(MerchantKey key, String notifyUrl, Operator operator) {
        Merchant merchant = requireKnown(key, notifyUrl);
        MerchantHealth before = registry.read(key.value());
        MerchantHealth after = registry.reset(key.value(), notifyUrl);
        audit.record(operator, "reset-circuit-breaker", notifyUrl, "merchant_key " + key.value() + ": breaker "
                + before.breaker().apiName() + " with " + before.consecutiveFailures() + " failure(s) -> "
                + after.breaker().apiName());
        return MerchantStatusView.of(after, merchant, notifyUrl);
    }

    /**
     * Raises an alert of {@code type} about the merchant, with its current figures.
     *
     * @return the alert as stored, or empty when it is still being sent
     */
    public Optional<Alert> sendAlert(MerchantKey key, String notifyUrl, AlertType type, Operator operator) {
        requireKnown(key, notifyUrl);
        Optional<Alert> alert = alerts.raiseMerchantAlert(type, registry.read(key.value()), notifyUrl, operator.name());
        audit.record(operator, "send-alert", notifyUrl, type.apiName() + " alert for merchant_key " + key.value()
                + alert.map(a -> " (alert " + a.getId() + "): " + (a.isSent() ? "sent to " + a.getChats() : a.getError()))
                .orElse(": still being sent when the request ended"));
        return alert;
    }

    /**
     * Gives a merchant a signing secret, or a new one: generated, or {@code supplied} (a key the merchant already has).
     * A merchant not seen yet is registered, so that it can be given its secret before its first notification. The
     * replaced secret stays valid for {@code grace}. Audited without the secret.
     */
    public SecretView issueSecret(MerchantKey key, String notifyUrl, SignType signType, String supplied,
                                  Duration grace, Operator operator) {
        merchants.registerNew(Map.of(key.value(), notifyUrl), clock.instant());
        MerchantSecrets.Issued issued = audit.recordChange(operator, "merchant-secret", notifyUrl,
                () -> secrets.issue(key.value(), signType, supplied, grace),
                done -> "merchant_key " + key.value() + ": "
                        + (done.row().getRotatedAt() != null ? "secret rotated" : "secret created")
                        + " (ends in " + done.row().getSecretHint() + ", sign type " + signType.apiName()
                        + (supplied != null ? ", supplied by the operator" : ", generated") + ")"
                        + (done.row().getPreviousValidUntil() != null
                        ? "; the previous one is valid until " + done.row().getPreviousValidUntil()
                        : done.row().getRotatedAt() != null ? "; the previous one stopped at once" : ""));
        secrets.reload(key.value());
        return SecretView.of(issued.row(), notifyUrl, issued.secret());
    }

    /** Removes a merchant's signing secret: its deliveries go unsigned. Audited. */
    public SecretView removeSecret(MerchantKey key, String notifyUrl, Operator operator) {
        requireKnown(key, notifyUrl);
        MerchantSecret row = secrets.find(key.value()).orElseThrow(() -> new Refusal(Refusal.Reason.NO_SIGNING_SECRET,
                ClientText.quote(notifyUrl)));
        audit.recordChange(operator, "remove-merchant-secret", notifyUrl, () -> secrets.remove(key.value()),
                removed -> "merchant_key " + key.value() + ": secret ending in " + row.getSecretHint()
                        + " removed; deliveries go unsigned");
        secrets.reload(key.value());
        return SecretView.of(row, notifyUrl, null);
    }

    private Merchant requireKnown(MerchantKey key, String notifyUrl) {
        return OperatorQueries.known(merchants, key, notifyUrl);
    }
}
