package dev.merchantnotify.deliverylog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Queries over notifications and their attempts. Callers own the transaction, if any. */
@ApplicationScoped
public class Notifications {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    public Optional<Notification> find(long id) {
        return Optional.ofNullable(em.find(Notification.class, id));
    }

    /** The notifications with these ids, in one query. Ids without a row are simply absent. */
    public List<Notification> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT n FROM Notification n WHERE n.id IN :ids", Notification.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** Every notification of one order (one per event), oldest first. */
    public List<Notification> findByOrderNo(String orderNo) {
        return em.createQuery("SELECT n FROM Notification n WHERE n.orderNo = :orderNo ORDER BY n.id", Notification.class)
                .setParameter("orderNo", orderNo)
                .getResultList();
    }

    /** Notifications of these orders, any event: the candidates for an idempotency check. */
    public List<Notification> findByOrderNos(Collection<String> orderNos) {
        if (orderNos.isEmpty()) {
            return List.of();
        }
        return em.createQuery("SELECT n FROM Notification n WHERE n.orderNo IN :orderNos", Notification.class)
                .setParameter("orderNos", orderNos)
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

    public void persist(Notification notification) {
        em.persist(notification);
    }

    public void persist(DeliveryAttempt attempt) {
        em.persist(attempt);
    }
}
