package dev.merchantnotify.merchant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Inserts merchant rows that do not exist yet, in a transaction of their own (see {@link Merchants#registerNew}). */
@ApplicationScoped
class MerchantRows {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    /** Adds the keys found to {@code known}; the inserted ones are found (and added) by the next call that asks. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void insertMissing(Map<String, String> notifyUrls, Instant seenAt, Set<String> known) {
        List<String> found = em.createQuery(
                        "SELECT m.merchantKey FROM Merchant m WHERE m.merchantKey IN :keys", String.class)
                .setParameter("keys", notifyUrls.keySet())
                .getResultList();
        known.addAll(found);
        notifyUrls.forEach((key, url) -> {
            if (!found.contains(key)) {
                em.persist(new Merchant(key, url, seenAt));
            }
        });
    }
}
