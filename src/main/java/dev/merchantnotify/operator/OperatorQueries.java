package dev.merchantnotify.operator;

import dev.merchantnotify.analysis.Analysis;
import dev.merchantnotify.analysis.AnalysisQuery;
import dev.merchantnotify.analysis.AnalysisReport;
import dev.merchantnotify.analysis.Forecasts;
import dev.merchantnotify.analysis.Granularity;
import dev.merchantnotify.analysis.Ranking;
import dev.merchantnotify.alerting.Alert;
import dev.merchantnotify.alerting.AlertHistory;
import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.deliverylog.AttemptLog;
import dev.merchantnotify.deliverylog.AttemptSearch;
import dev.merchantnotify.deliverylog.DeliveryAttempt;
import dev.merchantnotify.deliverylog.Receipt;
import dev.merchantnotify.deliverylog.Receipts;
import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.DeliveryStats;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationSearch;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.deliverylog.NotificationSummary;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSort;
import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.monitoring.ClusterFigures;
import dev.merchantnotify.platform.ClientText;
import dev.merchantnotify.platform.Page;
import dev.merchantnotify.platform.PageRequest;
import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.QueueCounts;
import dev.merchantnotify.queue.QueueSnapshot;
import dev.merchantnotify.signing.MerchantSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What operators look at, for the admin API and the console alike. Each answer costs a fixed number of round trips. */
@ApplicationScoped
public class OperatorQueries {

    /** How many of each queue's first notifications {@link #queueStatus()} lists. */
    static final int QUEUE_LISTED = 100;

    @Inject
    Receipts receipts;

    @Inject
    NotifyQueue queue;

    @Inject
    Notifications notifications;

    @Inject
    AttemptLog attemptLog;

    @Inject
    DeliveryStats deliveryStats;

    @Inject
    Merchants merchants;

    @Inject
    MerchantRegistry registry;

    @Inject
    MerchantSecrets secrets;

    @Inject
    AlertHistory alertHistory;

    @Inject
    AuditLog audit;

    @Inject
    ClusterFigures cluster;

    @Inject
    DeliveryRows deliveryRows;

    @Inject
    OperatorJobs jobs;

    @Inject
    Analysis analysis;

    @Inject
    Forecasts forecasts;

    @Inject
    Clock clock;

    /**
     * The queue's counts and its first notifications: one Redis pipeline and one query. An id whose row is gone (a
     * clean-up raced it) is counted but not listed.
     */
    public QueueStatusView queueStatus() {
        QueueSnapshot snapshot = queue.snapshot(QUEUE_LISTED);
        List<Long> ids = new ArrayList<>(snapshot.nextPending());
        snapshot.nextRetries().forEach(retry -> ids.add(retry.id()));
        Map<Long, NotificationSummary> rows = notifications.summaries(ids);
        List<QueueStatusView.QueuedOrder> pending = new ArrayList<>();
        for (Long id : snapshot.nextPending()) {
            NotificationSummary row = rows.get(id);
            if (row != null) {
                pending.add(QueueStatusView.QueuedOrder.of(row, row.nextAttemptAt()));
            }
        }
        List<QueueStatusView.QueuedOrder> retries = new ArrayList<>();
        for (QueueSnapshot.Scheduled retry : snapshot.nextRetries()) {
            NotificationSummary row = rows.get(retry.id());
            if (row != null) {
                retries.add(QueueStatusView.QueuedOrder.of(row, Instant.ofEpochMilli(retry.dueAtMillis())));
            }
        }
        return new QueueStatusView(snapshot.pendingCount(), snapshot.retryCount(), snapshot.inflightCount(), pending,
                retries);
    }

    /** A page of the delivery log, newest first. */
    public Page<LogEntryView> logs(AttemptSearch search, PageRequest page) {
        long total = attemptLog.count(search);
        List<LogEntryView> list = total <= page.offset() ? List.of()
                : attemptLog.find(search, page.offset(), page.limit()).stream().map(LogEntryView::of).toList();
        return Page.of(page, total, list);
    }

    /** Figures for {@code [from, to)}, in total and per UTC day. */
    public StatsView stats(Instant from, Instant to) {
        return StatsView.of(deliveryStats.between(from, to));
    }

    /**
     * The analysis measures of {@code query}, from the rollups; refused when minute buckets are asked for further back
     * than they are kept, or when the answer would have more than {@link Analysis#MAX_BUCKETS} buckets.
     */
    public AnalysisReport analysis(AnalysisQuery query) {
        Instant now = clock.instant();
        if (query.granularity() == null) {
            query = query.at(analysis.granularityFor(query.from(), query.to(), now));
        }
        if (query.granularity() == Granularity.MINUTE && query.from().isBefore(analysis.minutesSince(now))) {
            throw new Refusal(Refusal.Reason.ANALYSIS_MINUTES, analysis.minutesSince(now).toString());
        }
        long buckets = Analysis.bucketCount(query.from(), query.to(), query.granularity(), query.zone());
        if (buckets > Analysis.MAX_BUCKETS) {
            throw new Refusal(Refusal.Reason.ANALYSIS_BUCKETS, query.granularity().apiName(),
                    String.valueOf(Analysis.MAX_BUCKETS));
        }
        return analysis.report(query, now);
    }

    /**
     * The forecast of the next {@link Forecasts#HORIZON} hours for a merchant (null: the platform), with its last
     * {@code recentHours} actual hours; refused when there are not two days of history to fit it to.
     */
    public Forecasts.View forecast(String merchant, ZoneId zone, int recentHours) {
        return forecasts.forecast(merchant, clock.instant(), zone, recentHours).orElseThrow(() -> new Refusal(
                merchant == null ? Refusal.Reason.FORECAST_NO_HISTORY : Refusal.Reason.FORECAST_NO_MERCHANT_HISTORY,
                merchant == null ? "" : ClientText.quote(merchant)));
    }

    /** The worst merchants (or destinations) of {@code query}'s range, or its most common failure reasons. */
    public Ranking ranking(AnalysisQuery query, Ranking.By by, int minAttempts) {
        return analysis.rank(query, by, minAttempts, clock.instant());
    }

    /** One merchant's status; refused if no notification for it was ever accepted. */
    public MerchantStatusView merchantStatus(MerchantKey key, String notifyUrl) {
        Merchant merchant = known(merchants, key, notifyUrl);
        return MerchantStatusView.of(registry.read(key.value()), merchant, notifyUrl);
    }

    /** The status of a merchant the caller has read (the console's merchant page: no second lookup). */
    public MerchantStatusView merchantStatus(Merchant merchant) {
        return MerchantStatusView.of(registry.read(merchant.getMerchantKey()), merchant);
    }

    /**
     * How many of the merchant's notifications in {@code status} created in [{@code since}, {@code until}) a recovery
     * would queue again (one query): what the console's confirmation shows.
     */
    public RecoverableView recoverable(MerchantKey key, String notifyUrl, NotificationStatus status, Instant since,
                                       Instant until) {
        known(merchants, key, notifyUrl);
        OperatorActions.checkRecoverable(status, since, until);
        return new RecoverableView(key.value(), notifyUrl, status.name().toLowerCase(Locale.ROOT), since, until,
                deliveryRows.countRecoverable(key.value(), status, since, until));
    }

    /** How many of the merchant's notifications are parked while it is paused (one query). */
    public long parkedCount(MerchantKey key) {
        return deliveryRows.countParked(key.value());
    }

    /** An operator's long change (recover, resume), if there is one with that id (kept 7 days). */
    public Optional<JobView> job(String jobId) {
        return jobs.find(jobId);
    }

    /** The merchant's recent response times (ms), oldest first; none for a merchant never seen. */
    public List<Long> responseTimes(MerchantKey key) {
        return registry.responseTimes(key.value());
    }

    /** The merchant's signing secret without the secret, if it has one. */
    public Optional<SecretView> merchantSecret(MerchantKey key, String notifyUrl) {
        return secrets.find(key.value()).map(row -> SecretView.of(row, notifyUrl, null));
    }

    /** The merchant of this key; refused if no notification for it was ever accepted. */
    static Merchant known(Merchants merchants, MerchantKey key, String notifyUrl) {
        return merchants.find(key.value()).orElseThrow(() -> new Refusal(Refusal.Reason.UNKNOWN_MERCHANT,
                ClientText.quote(notifyUrl), key.value()));
    }

    /**
     * A page of every merchant seen (or of those whose last known status is {@code status}), first seen first, each
     * with its live health: one query for the page, one Redis pipeline for the health.
     */
    public Page<MerchantStatusView> allMerchantStatus(MerchantStatus status, PageRequest page) {
        return allMerchantStatus(status, MerchantSort.FIRST_SEEN, false, page);
    }

    /** The same, in {@code sort}'s order. */
    public Page<MerchantStatusView> allMerchantStatus(MerchantStatus status, MerchantSort sort, boolean descending,
                                                      PageRequest page) {
        long total = merchants.count(status);
        return Page.of(page, total, total <= page.offset() ? List.of()
                : merchantStatusRows(status, sort, descending, page.offset(), page.limit()));
    }

    /** Merchants seen, in total or of one last known status. */
    public long merchantCount(MerchantStatus status) {
        return merchants.count(status);
    }

    /** A window of {@link #allMerchantStatus} without its count (a lazy list that has counted already). */
    public List<MerchantStatusView> merchantStatusRows(MerchantStatus status, MerchantSort sort, boolean descending,
                                                       int offset, int limit) {
        List<Merchant> rows = merchants.page(status, sort, descending, offset, limit);
        Map<String, MerchantHealth> health = rows.isEmpty() ? Map.of()
                : registry.read(rows.stream().map(Merchant::getMerchantKey).toList());
        return rows.stream()
                .map(m -> MerchantStatusView.of(health.get(m.getMerchantKey()), m))
                .toList();
    }

    /** The merchant of this key; refused if no notification for it was ever accepted. */
    public Merchant knownMerchant(MerchantKey key) {
        return merchants.find(key.value()).orElseThrow(() -> new Refusal(Refusal.Reason.UNKNOWN_MERCHANT_KEY,
                key.value()));
    }

    /** The merchant of this key as given (a page's parameter), if a notification for it was ever accepted. */
    public Optional<Merchant> merchant(String merchantKey) {
        return merchants.find(merchantKey);
    }

    /** How long a replaced signing secret stays valid unless the operator says otherwise. */
    public Duration secretRotationGrace() {
        return secrets.rotationGrace();
    }

    /** Notifications matching {@code search}. */
    public long notificationCount(NotificationSearch search) {
        return notifications.count(search);
    }

    /** A window of the notifications matching {@code search}, newest first. */
    public List<Notification> notifications(NotificationSearch search, int offset, int limit) {
        return notifications.page(search, offset, limit);
    }

    /** One notification. */
    public Optional<Notification> notification(long id) {
        return notifications.find(id);
    }

    /** The notification's attempts, first first. */
    public List<DeliveryAttempt> attempts(long notificationId) {
        return notifications.attemptsOf(notificationId);
    }

    /** The receipts of the notification's SMS attempts, by attempt and number. */
    public List<Receipt> receipts(long notificationId) {
        return receipts.of(notificationId);
    }

    /** Alerts stored, in total or of one type. */
    public long alertCount(AlertType type) {
        return alertHistory.count(type);
    }

    /** A window of the alert history (all, or of one type), newest first. */
    public List<Alert> alerts(AlertType type, int offset, int limit) {
        return alertHistory.page(type, offset, limit);
    }

    /** Operator actions recorded. */
    public long auditCount() {
        return audit.count();
    }

    /** A window of the audit record, newest first. */
    public List<AuditRecord> audit(int offset, int limit) {
        return audit.page(offset, limit);
    }

    /** The queue's counts, shared by every node (cached briefly; null when Redis does not answer). */
    public QueueCounts queueCounts() {
        return cluster.queue();
    }

    /** Merchants by last known status (cached briefly; null when the database does not answer). */
    public Map<MerchantStatus, Long> merchantCounts() {
        return cluster.merchants();
    }

    /** Attempts and outcomes per minute for the {@code minutes} minutes up to {@code now}. */
    public List<DeliveryStats.Minute> perMinute(Instant now, int minutes) {
        return deliveryStats.perMinute(now, minutes);
    }
}
