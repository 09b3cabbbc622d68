package dev.merchantnotify.merchant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

    /** Keeps the row's status in step with the registry, whatever the change. */
    @Transactional
    void onStatusChange(@Observes MerchantStatusChange change) {
        Merchant merchant = em.find(Merchant.class, change.merchantKey());
        if (merchant != null) {
            merchant.changeStatus(registry.read(change.merchantKey()).status(), clock.instant());
        }
    }
}
