package dev.merchantnotify.alerting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;

/** Every alert raised, sent or not (table {@code alert}): stored by {@link AlertSender}, listed for operators. */
@ApplicationScoped
public class AlertHistory {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Transactional
    Alert store(AlertDraft draft, TelegramChannel.Outcome outcome) {
        Alert alert = new Alert(draft, outcome);
        em.persist(alert);
        return alert;
    }

    /** How many alerts there are, of one type or (null) of all. */
    public long count(AlertType type) {
        TypedQuery<Long> query = em.createQuery("SELECT COUNT(a) FROM Alert a"
                + (type == null ? "" : " WHERE a.type = :type"), Long.class);
        if (type != null) {
            query.setParameter("type", type);
        }
        return query.getSingleResult();
    }

    /** A page of alerts, newest first, of one type or (null) of all. */
    public List<Alert> page(AlertType type, int offset, int limit) {
        TypedQuery<Alert> query = em.createQuery("SELECT a FROM Alert a"
                + (type == null ? "" : " WHERE a.type = :type") + " ORDER BY a.id DESC", Alert.class);
        if (type != null) {
            query.setParameter("type", type);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }
}
