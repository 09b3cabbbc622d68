package dev.merchantnotify.merchant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/** The merchant table: registered at ingest, its status kept in step with the registry's events. */
@ApplicationScoped
public class Merchants {

    /** How long a pause may be in Redis before its transaction commits (see {@link #reconcilePauses}). */
    static final Duration PAUSE_SETTLING = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(Merchants.class.getName());

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

    /**
     * The merchant of this key, if a notification for it was ever accepted.
     * In a transaction of its own when the caller has none: on Liberty, reads outside a transaction share one
     * persistence context for the whole request, so a row read before an operator's change (in its own transaction)
     * would be read again as it was; a transaction-scoped read sees what is committed.
     */
    @Transactional
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

    /**
     * Keeps an operator's pause in the merchant's row, in the caller's transaction. The caller marks it in Redis
     * ({@link MerchantRegistry#setPaused}) first, so that no node delivers once this commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Merchant pause(String merchantKey, Instant at, String by, String reason) {
        Merchant merchant = em.find(Merchant.class, merchantKey, LockModeType.PESSIMISTIC_WRITE);
        merchant.pause(at, by, reason);
        return merchant;
    }

    /**
     * Ends the merchant's pause in its row, in the caller's transaction; its status becomes what its health says. The
     * caller clears Redis ({@link MerchantRegistry#setPaused}) once this commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Merchant resume(String merchantKey, Instant at) {
        Merchant merchant = em.find(Merchant.class, merchantKey, LockModeType.PESSIMISTIC_WRITE);
        merchant.resume(registry.read(merchantKey).withPaused(false).status(), at);
        return merchant;
    }

    /**
     * Brings Redis's paused merchants in step with the database's, which is where a pause is kept for good: a merchant
     * paused in the database but not in Redis (Redis lost its data) is paused there again; one paused in Redis only is
     * resumed there once its mark is older than {@link #PAUSE_SETTLING} (a pause marks Redis just before its
     * transaction commits; a resume clears Redis just after). Returns the merchants paused in the database.
     */
    public Set<String> reconcilePauses() {
        Set<String> inDatabase = new HashSet<>(em.createQuery(
                "SELECT m.merchantKey FROM Merchant m WHERE m.pausedAt IS NOT NULL", String.class).getResultList());
        Set<String> inRedis = registry.pausedKeys();
        for (String key : inDatabase) {
            if (!inRedis.contains(key)) {
                LOG.warning(() -> "merchant_key=" + key + " is paused but Redis did not say so (its data was lost or "
                        + "a write failed): paused there again");
                registry.setPaused(key, true);
            }
        }
        long settledBefore = clock.millis() - PAUSE_SETTLING.toMillis();
        for (String key : inRedis) {
            if (!inDatabase.contains(key) && registry.pausedAtMillis(key) < settledBefore) {
                LOG.warning(() -> "merchant_key=" + key + " was paused in Redis only (a pause that did not commit, or "
                        + "a resume whose Redis write failed): resumed there");
                registry.setPaused(key, false);
            }
        }
        return inDatabase;
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
