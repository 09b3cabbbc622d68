package dev.merchantnotify.alerting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Sends alerts off the caller's thread and stores each one with its outcome: whoever raises an alert (the dispatch
 * path, the threshold timer, an operator) never waits for Telegram. At most {@value #SENDERS} alerts are sent at a
 * time and {@value #QUEUE} wait; beyond that an alert is stored as not sent at once.
 */
@ApplicationScoped
public class AlertSender {

    static final int SENDERS = 2;
    static final int QUEUE = 500;

    private static final Logger LOG = Logger.getLogger(AlertSender.class.getName());

    @Inject
    TelegramChannel channel;

    @Inject
    AlertHistory history;

    @Asynchronous
    @Bulkhead(value = SENDERS, waitingTaskQueue = QUEUE)
    @Fallback(fallbackMethod = "queueFull", applyOn = BulkheadException.class)
    public CompletionStage<Alert> send(AlertDraft draft) {
        return CompletableFuture.completedFuture(store(draft, channel.send(draft.level(), draft.text())));
    }

    CompletionStage<Alert> queueFull(AlertDraft draft) {
        return CompletableFuture.completedFuture(store(draft, new TelegramChannel.Outcome(false, null,
                QUEUE + " alerts were already waiting to be sent")));
    }

    private Alert store(AlertDraft draft, TelegramChannel.Outcome outcome) {
        try {
            return history.store(draft, outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, e, () -> "Storing an alert failed (" + (outcome.sent() ? "sent" : outcome.error())
                    + "):\n" + draft.text());
            throw e;
        }
    }
}
