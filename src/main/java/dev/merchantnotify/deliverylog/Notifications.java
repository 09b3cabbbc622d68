package dev.merchantnotify.deliverylog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Queries over notifications and their attempts for people: the API and the console. (Dispatch and ingest use
 * {@link DeliveryRows}.) Callers own the transaction, if any.
 */
@ApplicationScoped
public class Notifications {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    public Optional<Notification> find(long id) {
        return Optional.ofNullable(em.find(Notification.class, id));
    }

    /** Every notification of one order (one per event), oldest first. */
    public List<Notification> findByOrderNo(String orderNo) {
        return em.createQuery("SELECT n FROM Notification n WHERE n.orderNo = :orderNo ORDER BY n.id", Notification.class)
                .setParameter("orderNo", orderNo)
                .getResultList();
    }

    /** Ids of PENDING notifications due before {@code dueBefore}, most overdue first. */
    public List<Long> findDueIds(Instant dueBefore, int limit) {
        return em.createQuery("SELECT n.id FROM Notification n WHERE n.status = :status AND n.nextAttemptAt < :dueBefore"
                        + " ORDER BY n.nextAttemptAt", Long.class)
                .setParameter("status", NotificationStatus.PENDING)
                .setParameter("dueBefore", UtcTime.toColumn(dueBefore))
                .setMaxResults(limit)
                .getResultList();
    }

    /** The attempts of one notification, in order. */
    public List<DeliveryAttempt> attemptsOf(long notificationId) {
        return em.createQuery("SELECT a FROM DeliveryAttempt a WHERE a.notification.id = :id ORDER BY a.attemptNo, a.id",
                        DeliveryAttempt.class)
                .setParameter("id", notificationId)
                .getResultList();
    }
}
