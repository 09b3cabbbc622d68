package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.queue.NotifyQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores a batch of validated requests in one transaction; their ids go to Redis in one push after the commit.
 */
@ApplicationScoped
public class IngestWriter {

    @Inject
    Notifications notifications;

    @Inject
    NotifyQueue queue;

    @Inject
    Clock clock;

    @Transactional
    public List<IngestResult> store(List<NotificationRequest> requests) {
        Set<String> orderNos = new LinkedHashSet<>();
        requests.forEach(request -> orderNos.add(request.orderNo()));
        Map<String, Notification> known = new HashMap<>();
        for (Notification existing : notifications.findByOrderNos(orderNos)) {
            known.put(existing.getOrderNo() + '\u0000' + existing.getEvent(), existing);
        }
        Instant now = clock.instant();
        List<IngestResult> results = new ArrayList<>(requests.size());
        List<Long> accepted = new ArrayList<>(requests.size());
        for (NotificationRequest request : requests) {
            Notification existing = known.get(request.idempotencyKey());
            if (existing != null) {
                results.add(new IngestResult(existing, true));
                continue;
            }
            Notification notification = new Notification(request.orderNo(), request.event(), request.notifyUrl(),
                    request.merchantKey().value(), request.format(), request.payloadJson(), now);
            notifications.persist(notification);
            known.put(request.idempotencyKey(), notification);
            accepted.add(notification.getId());
            results.add(new IngestResult(notification, false));
        }
        queue.enqueueAfterCommit(accepted);
        return results;
    }
}
