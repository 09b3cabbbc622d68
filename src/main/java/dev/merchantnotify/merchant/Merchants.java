package dev.merchantnotify.merchant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The merchant table: registered at ingest, its status kept in step with the registry's events. */
@ApplicationScoped
public class Merchants {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    MerchantRegistry registry;

    @Inject
    Clock clock;

    /**
     * Registers the merchants not yet known, in the caller's transaction (one query for the batch). Two producers
     * registering the same new merchant at once collide on the primary key; ingest retries and then finds it.
     *
     * @param notifyUrls merchant key → a notify URL of that merchant
     */
    public void registerNew(Map<String, String> notifyUrls, Instant seenAt) {
        if (notifyUrls.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(em.createQuery(
                        "SELECT m.merchantKey FROM Merchant m WHERE m.merchantKey IN :keys", String.class)
                .setParameter("keys", notifyUrls.keySet())
                .getResultList());
        notifyUrls.forEach((key, url) -> {
            if (!known.contains(key)) {
                em.persist(new Merchant(key, url, seenAt));
            }
        });
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
