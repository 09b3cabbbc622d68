package dev.merchantnotify.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Ingest's push of freshly stored ids to Redis, guarded by MicroProfile Fault Tolerance: one quick retry for a blip;
 * a circuit breaker, so that while Redis is down producers are answered at once instead of each waiting for a
 * connection; and a fallback that leaves the ids to the sweeper (the rows are stored and PENDING, nothing is lost).
 * This breaker guards the shared Redis, one per node; merchants have their own breakers
 * ({@code dev.merchantnotify.merchant}).
 */
@ApplicationScoped
public class IngestPush {

    private static final Logger LOG = Logger.getLogger(IngestPush.class.getName());

    @Inject
    NotifyQueue queue;

    @Retry(maxRetries = 1, delay = 100, jitter = 50)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000, successThreshold = 1)
    @Fallback(fallbackMethod = "leaveToSweeper")
    public void push(List<Long> ids) {
        queue.enqueue(ids);
    }

    void leaveToSweeper(List<Long> ids) {
        LOG.warning(() -> "Redis unavailable after ingest: " + ids.size() + " stored notification(s) will be queued by "
                + "the sweeper once it answers");
    }
}
