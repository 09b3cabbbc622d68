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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public Optional<Merchant> find(String merchantKey) {
        return Optional.ofNullable(em.find(Merchant.class, merchantKey));
    }

    public List<Merchant> page(int offset, int limit) {
        return em.createQuery("SELECT m FROM Merchant m ORDER BY m.firstSeenAt, m.merchantKey", Merchant.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    @Transactional
    void onBreakerOpened(@Observes BreakerOpened event) {
        recordStatus(event.merchantKey());
    }

    @Transactional
    void onBreakerClosed(@Observes BreakerClosed event) {
        recordStatus(event.merchantKey());
    }

    @Transactional
    void onTurnedSlow(@Observes MerchantTurnedSlow event) {
        recordStatus(event.merchantKey());
    }

    @Transactional
    void onRecovered(@Observes MerchantRecovered event) {
        recordStatus(event.merchantKey());
    }

    private void recordStatus(String merchantKey) {
        Merchant merchant = em.find(Merchant.class, merchantKey);
        if (merchant != null) {
            merchant.changeStatus(registry.read(merchantKey).status(), clock.instant());
        }
    }
}
