package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.BroadcastPart;
import dev.merchantnotify.deliverylog.DeliveryRows;
import dev.merchantnotify.deliverylog.NewNotification;
import dev.merchantnotify.deliverylog.NotificationRef;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a batch of validated requests in one transaction: one query finds those submitted before, one JDBC batch
 * inserts the rest; their ids go to Redis in one push after the commit. A request repeated within the batch is a
 * duplicate of its first occurrence. A broadcast is stored with its copies; the copies are queued.
 */
@ApplicationScoped
public class IngestWriter {

    @Inject
    DeliveryRows rows;

    @Inject
    NotifyQueue queue;

    @Inject
    Clock clock;

    @Transactional
    public List<IngestResult> store(List<NotificationRequest> requests) {
        Set<String> orderNos = new LinkedHashSet<>();
        requests.forEach(request -> orderNos.add(request.orderNo()));
        Map<String, NotificationRef> known = new HashMap<>();
        for (NotificationRef existing : rows.findByOrderNos(orderNos)) {
            known.put(NotificationRequest.idempotencyKey(existing.orderNo(), existing.event()), existing);
        }
        List<NewNotification> fresh = new ArrayList<>(requests.size());
        Set<String> freshKeys = new HashSet<>();
        for (NotificationRequest request : requests) {
            if (!known.containsKey(request.idempotencyKey()) && freshKeys.add(request.idempotencyKey())) {
                fresh.addAll(request.toStore());
            }
        }
        Instant now = clock.instant();
        long[] ids = rows.insertPending(fresh, now);
        List<Long> accepted = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            NewNotification stored = fresh.get(i);
            if (!stored.isCopy()) {
                known.put(NotificationRequest.idempotencyKey(stored.orderNo(), stored.event()), new NotificationRef(
                        ids[i], stored.orderNo(), stored.event(), stored.merchantKey(), NotificationStatus.PENDING));
            }
            if (stored.role() != BroadcastPart.BROADCAST) {
                accepted.add(ids[i]); // a broadcast is not queued: its copies are
            }
        }
        List<IngestResult> results = new ArrayList<>(requests.size());
        for (NotificationRequest request : requests) {
            // A fresh key is reported as accepted once, at its first occurrence.
            boolean first = freshKeys.remove(request.idempotencyKey());
            results.add(new IngestResult(known.get(request.idempotencyKey()), !first));
        }
        queue.enqueueAfterCommit(accepted);
        return results;
    }
}
