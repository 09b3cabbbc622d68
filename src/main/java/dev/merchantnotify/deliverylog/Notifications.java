package dev.merchantnotify.deliverylog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries over notifications and their attempts for people: the API and the console. (Dispatch and ingest use
 * {@link DeliveryRows}.) Callers own the transaction, if any.
 */
@ApplicationScoped
public class Notifications {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    /**
     * The notification with this id.
     * In a transaction of its own when the caller has none: on Liberty, reads outside a transaction share one
     * persistence context for the whole request, so a row read before an operator's change (in its own transaction)
     * would be read again as it was; a transaction-scoped read sees what is committed.
     */
    @Transactional
    public Optional<Notification> find(long id) {
        return Optional.ofNullable(em.find(Notification.class, id));
    }

    /** Every notification of one order (one per event), oldest first. */
    public List<Notification> findByOrderNo(String orderNo) {
        return em.createQuery("SELECT n FROM Notification n WHERE n.orderNo = :orderNo AND n.parentId IS NULL "
                        + "ORDER BY n.id", Notification.class)
                .setParameter("orderNo", orderNo)
                .getResultList();
    }

    /** A broadcast's copies, in the order of its route's members (read as committed, like {@link #find}). */
    @Transactional
    public List<Notification> copiesOf(long broadcastId) {
        return em.createQuery("SELECT n FROM Notification n WHERE n.parentId = :id ORDER BY n.id", Notification.class)
                .setParameter("id", broadcastId)
                .getResultList();
    }

    /** How many notifications match. */
    public long count(NotificationSearch search) {
        var query = em.createQuery("SELECT COUNT(n) FROM Notification n" + where(search), Long.class);
        bind(search, query);
        return query.getSingleResult();
    }

    /** A page of the matching notifications, newest first (served by the creation-time index). */
    public List<Notification> page(NotificationSearch search, int offset, int limit) {
        var query = em.createQuery("SELECT n FROM Notification n" + where(search) + " ORDER BY n.createdAt DESC, n.id DESC",
                Notification.class);
        bind(search, query);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    private static String where(NotificationSearch search) {
        List<String> conditions = new ArrayList<>();
        if (search.orderNoPrefix() != null) {
            conditions.add("n.orderNo LIKE :orderNo " + OrderNoPrefix.ESCAPE);
        }
        if (search.status() != null) {
            conditions.add("n.status = :status");
        }
        if (search.merchantKey() != null) {
            conditions.add("n.merchantKey = :merchantKey");
        }
        if (search.createdFrom() != null) {
            conditions.add("n.createdAt >= :from");
        }
        if (search.createdTo() != null) {
            conditions.add("n.createdAt < :to");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static void bind(NotificationSearch search, TypedQuery<?> query) {
        if (search.orderNoPrefix() != null) {
            query.setParameter("orderNo", OrderNoPrefix.likePattern(search.orderNoPrefix()));
        }
        if (search.status() != null) {
            query.setParameter("status", search.status());
        }
        if (search.merchantKey() != null) {
            query.setParameter("merchantKey", search.merchantKey());
        }
        if (search.createdFrom() != null) {
            query.setParameter("from", UtcTime.toColumn(search.createdFrom()));
        }
        if (search.createdTo() != null) {
            query.setParameter("to", UtcTime.toColumn(search.createdTo()));
        }
    }

    /** A PENDING notification that is due: its id and due time, the sweeper's cursor. */
    public record Due(long id, Instant nextAttemptAt) {
    }

    /**
     * PENDING notifications due before {@code dueBefore}, most overdue first (ties by id), after {@code after} in that
     * order (null: from the start): a keyset page on the due index.
     */
    public List<Due> findDue(Instant dueBefore, Due after, int limit) {
        var query = em.createQuery("SELECT n.id, n.nextAttemptAt FROM Notification n WHERE n.status = :status"
                        + " AND n.nextAttemptAt < :dueBefore"
                        + (after == null ? "" : " AND (n.nextAttemptAt > :afterAt OR (n.nextAttemptAt = :afterAt"
                        + " AND n.id > :afterId))")
                        + " ORDER BY n.nextAttemptAt, n.id", Object[].class)
                .setParameter("status", NotificationStatus.PENDING)
                .setParameter("dueBefore", UtcTime.toColumn(dueBefore));
        if (after != null) {
            query.setParameter("afterAt", UtcTime.toColumn(after.nextAttemptAt()))
                    .setParameter("afterId", after.id());
        }
        return query.setMaxResults(limit).getResultList().stream()
                .map(row -> new Due((Long) row[0], UtcTime.fromColumn((LocalDateTime) row[1]))).toList();
    }

    /** The attempts of one notification, in order. */
    public List<DeliveryAttempt> attemptsOf(long notificationId) {
        return em.createQuery("SELECT a FROM DeliveryAttempt a WHERE a.notification.id = :id ORDER BY a.attemptNo, a.id",
                        DeliveryAttempt.class)
                .setParameter("id", notificationId)
                .getResultList();
    }

    /** These notifications without their payloads, in one query; ids without a row are absent from the map. */
    public Map<Long, NotificationSummary> summaries(Collection<Long> ids) {
        Map<Long, NotificationSummary> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        em.createQuery("SELECT n.id, n.orderNo, n.event, n.notifyUrl, n.merchantKey, n.status, n.attempts, "
                        + "n.nextAttemptAt, n.createdAt, n.retriedAt, n.lastError FROM Notification n WHERE n.id IN :ids",
                        Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(row -> found.put((Long) row[0], new NotificationSummary((Long) row[0], (String) row[1],
                        (String) row[2], (String) row[3], (String) row[4], (NotificationStatus) row[5], (Integer) row[6],
                        UtcTime.fromColumn((LocalDateTime) row[7]), UtcTime.fromColumn((LocalDateTime) row[8]),
                        UtcTime.fromColumn((LocalDateTime) row[9]), (String) row[10])));
        return found;
    }
}
