package dev.merchantnotify.operator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The audit record of operators' changes. A record joins the transaction of the change it describes, so there is
 * never one without the other; a change made outside a transaction gets a record of its own right after it.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * @param action what was done: {@code retry}, {@code cleanup}, {@code reset-circuit-breaker}, {@code send-alert}
     * @param target what it was done to, as the operator named it
     * @param detail what came of it
     */
    @Transactional
    public void record(Operator operator, String action, String target, String detail) {
        em.persist(new AuditRecord(clock.instant(), operator, action, target, detail));
        LOG.info(() -> "AUDIT " + operator.name() + "@" + operator.client() + " " + action + " " + target + ": " + detail);
    }

    /**
     * Makes a change and records it in one transaction: both happen, or neither.
     *
     * @param detail what came of the change, from its result
     */
    @Transactional
    public <T> T recordChange(Operator operator, String action, String target, Supplier<T> change,
                              Function<T, String> detail) {
        T result = change.get();
        record(operator, action, target, detail.apply(result));
        return result;
    }

    public long count() {
        return em.createQuery("SELECT COUNT(r) FROM AuditRecord r", Long.class).getSingleResult();
    }

    /** A page of the record, newest first. */
    public List<AuditRecord> page(int offset, int limit) {
        return em.createQuery("SELECT r FROM AuditRecord r ORDER BY r.id DESC", AuditRecord.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }
}
