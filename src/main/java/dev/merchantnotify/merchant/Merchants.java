package dev.merchantnotify.merchant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The merchant table: registered at ingest, its status kept in step with the registry's events. */
@ApplicationScoped
public class Merchants {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    MerchantRegistry registry;

    @Inject
    MerchantRows rows;

    @Inject
    Clock clock;

    /** Merchant keys known to have a row. Rows are never deleted, so a key seen once needs no query again. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * Registers the merchants not yet known, in a short transaction of its own (one query, only for keys this node has
     * not seen a row for). Registrations on one node take turns, so concurrent batches naming the same new merchants
     * never wait on each other's uncommitted rows; two nodes registering the same new merchant at once collide on the
     * primary key, and the caller tries once more and then finds it.
     *
     * @param notifyUrls merchant key → a notify URL of that merchant
     */
    public void registerNew(Map<String, String> notifyUrls, Instant seenAt) {
        Map<String, String> unknown = new HashMap<>();
        notifyUrls.forEach((key, url) -> {
            if (!known.contains(key)) {
                unknown.put(key, url);
            }
        });
        if (!unknown.isEmpty()) {
            synchronized (known) {
                unknown.keySet().removeAll(known);
                if (!unknown.isEmpty()) {
                    rows.insertMissing(unknown, seenAt, known);
                }
            }
        }
    }

    /** The merchant of this key, if a notification for it was ever accepted. */
    public Optional<Merchant> find(String merchantKey) {
        return Optional.ofNullable(em.find(Merchant.class, merchantKey));
    }

    /** How many merchants there are, or have this last known status (null: any). */
    public long count(MerchantStatus status) {
        var query = em.createQuery("SELECT COUNT(m) FROM Merchant m"
                + (status == null ? "" : " WHERE m.status = :status"), Long.class);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.getSingleResult();
    }

    /** How many merchants have each last known status (one query); a status no merchant has counts 0. */
    public Map<MerchantStatus, Long> countByStatus() {
        Map<MerchantStatus, Long> counts = new EnumMap<>(MerchantStatus.class);
        for (MerchantStatus status : MerchantStatus.values()) {
            counts.put(status, 0L);
        }
        em.createQuery("SELECT m.status, COUNT(m) FROM Merchant m GROUP BY m.status", Object[].class).getResultList()
                .forEach(row -> counts.put((MerchantStatus) row[0], (Long) row[1]));
        return counts;
    }

    /** A page of merchants, first seen first (then by key, so pages never overlap). */
    public List<Merchant> page(MerchantStatus status, int offset, int limit) {
        return page(status, MerchantSort.FIRST_SEEN, false, offset, limit);
    }

    /** A page of merchants in {@code sort}'s order (then by key, so pages never overlap). */
    public List<Merchant> page(MerchantStatus status, MerchantSort sort, boolean descending, int offset, int limit) {
        String direction = descending ? " DESC" : "";
        var query = em.createQuery("SELECT m FROM Merchant m" + (status == null ? "" : " WHERE m.status = :status")
                + " ORDER BY " + sort.attribute() + direction
                + (sort == MerchantSort.MERCHANT_KEY ? "" : ", m.merchantKey" + direction), Merchant.class);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** Keeps the row's status in step with the registry, whatever the change. */
    @Transactional
    void onStatusChange(@Observes MerchantStatusChange change) {
        Merchant merchant = em.find(Merchant.class, change.merchantKey());
        if (merchant != null) {
            merchant.changeStatus(registry.read(change.merchantKey()).status(), clock.instant());
        }
    }
}
