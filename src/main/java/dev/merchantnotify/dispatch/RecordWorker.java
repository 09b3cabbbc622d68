package dev.merchantnotify.dispatch;

import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.merchant.AttemptReport;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The record loop: outcomes of attempts (and deferrals and parkings) land in this node's buffer as they complete, on
 * whatever thread completed them; the loop drains the buffer in batches: one transaction per batch
 * ({@link OutcomeRecorder}), one Redis call that settles the ids ({@link Claims}), and one update of the destinations'
 * health ({@link MerchantRegistry}); then {@link OutcomesRecorded} tells monitoring, in memory.
 *
 * <p>If the database cannot take outcomes, they stay buffered (the poller stops claiming once the buffer is full) and
 * are written when it answers again.
 */
@ApplicationScoped
public class RecordWorker {

    private static final Logger LOG = Logger.getLogger(RecordWorker.class.getName());
    /** Batches written per run of the loop at most, so that a run ends and the health checks see it come round. */
    private static final int MAX_ROUNDS = 20;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    Claims claims;

    @Inject
    MerchantRegistry registry;

    @Inject
    DispatchSettings settings;

    @Inject
    Clock clock;

    @Inject
    Event<OutcomesRecorded> recorded;

    private final ConcurrentLinkedDeque<DeliveryOutcome> outcomes = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Deferral> deferrals = new ConcurrentLinkedDeque<>();
    private final Backoff backoff = new Backoff("Recording delivery outcomes", LOG);
    private volatile long recordedAtMillis;
    private ScheduledFuture<?> task;

    void start(ManagedScheduledExecutorService executor) {
        task = executor.scheduleWithFixedDelay(this::run, 0, settings.pollIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the loop after one last run that writes what is buffered. */
    void stop() {
        task.cancel(false);
        run();
    }

    /** An attempt completed. */
    void add(DeliveryOutcome outcome) {
        outcomes.add(outcome);
    }

    /** A claimed notification is put off without an attempt. */
    void add(Deferral deferral) {
        deferrals.add(deferral);
    }

    /** Outcomes waiting to be written: the poller claims nothing more while there are too many. */
    int backlog() {
        return outcomes.size();
    }

    /** Outcomes and deferrals not yet written. */
    int unwritten() {
        return outcomes.size() + deferrals.size();
    }

    /** When the loop last came round (epoch ms, 0 if never): what the health checks go by. */
    public long recordedAtMillis() {
        return recordedAtMillis;
    }

    void run() {
        recordedAtMillis = clock.millis();
        if (backoff.waiting()) {
            return;
        }
        for (int round = 0; round < MAX_ROUNDS && !(outcomes.isEmpty() && deferrals.isEmpty()); round++) {
            List<DeliveryOutcome> batch = drain(outcomes, settings.recordBatchSize());
            List<Deferral> deferred = drain(deferrals, settings.recordBatchSize() - batch.size());
            List<Settlement> settlements;
            try {
                settlements = recorder.record(batch, deferred);
                backoff.succeeded();
            } catch (RuntimeException e) {
                putBack(outcomes, batch);
                putBack(deferrals, deferred);
                backoff.failed(e);
                return;
            }
            try {
                claims.settle(settlements);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Recorded {0} outcome(s) but could not update Redis ({1}); their leases expire "
                        + "and the sweeper puts retries back", new Object[] {settlements.size(), e.toString()});
            }
            updateHealth(batch);
            if (!batch.isEmpty()) {
                recorded.fire(new OutcomesRecorded(batch));
            }
        }
    }

    private void updateHealth(List<DeliveryOutcome> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // A blocked attempt says nothing of the destination's health (nothing was sent), but a half-open breaker's
        // probe must be answered, so a blocked probe counts as its failure.
        List<AttemptReport> reports = batch.stream()
                .filter(o -> o.failure() != FailureKind.BLOCKED || o.task().probe())
                .map(o -> new AttemptReport(o.task().merchantKey(), o.task().target().address(), o.success(),
                        o.task().probe(), o.failure() == FailureKind.CONNECT || o.failure() == FailureKind.NO_SESSION
                        ? -1 : o.durationMs()))
                .toList();
        try {
            registry.record(reports);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not update the health of merchants after {0} attempt(s): {1}",
                    new Object[] {reports.size(), e.toString()});
        }
    }

    private static <T> List<T> drain(ConcurrentLinkedDeque<T> deque, int max) {
        List<T> batch = new ArrayList<>(Math.max(0, max));
        T next;
        while (batch.size() < max && (next = deque.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private static <T> void putBack(ConcurrentLinkedDeque<T> deque, List<T> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            deque.addFirst(batch.get(i));
        }
    }
}
