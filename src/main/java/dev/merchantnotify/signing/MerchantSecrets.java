package dev.merchantnotify.signing;

import dev.merchantnotify.security.SecretCipher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.persistence.TypedQuery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Merchants' signing secrets: issued and rotated by operators, stored encrypted, and held decrypted in this node's
 * memory for the deliveries ({@link #keysFor} is a map lookup: no query, no decryption per delivery). The memory is
 * read again from the database every {@code notify.signing.refresh-seconds}, and the changed merchant's entry at once on
 * the node where an operator changed a secret ({@link #reload}), so another node signs with a rotated secret within that
 * period.
 */
@ApplicationScoped
public class MerchantSecrets {

    private static final Logger LOG = Logger.getLogger(MerchantSecrets.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Random bytes in a generated secret. */
    private static final int GENERATED_BYTES = 32;

    /** A secret as issued: the only time it is shown. The row says whether it replaced one ({@code rotatedAt}). */
    public record Issued(MerchantSecret row, String secret) {
    }

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "notify.signing.rotation-grace-hours")
    long rotationGraceHours;

    @Inject
    @ConfigProperty(name = "notify.signing.refresh-seconds")
    long refreshSeconds;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    private final Map<String, SigningKeys> keys = new ConcurrentHashMap<>();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> refreshTask;

    @PostConstruct
    void validate() {
        if (rotationGraceHours < 0 || rotationGraceHours > 24 * 365) {
            throw new IllegalStateException("Invalid setting notify.signing.rotation-grace-hours: it must be between 0 "
                    + "and 8760");
        }
        if (refreshSeconds < 1 || refreshSeconds > 3600) {
            throw new IllegalStateException("Invalid setting notify.signing.refresh-seconds: it must be between 1 "
                    + "and 3600");
        }
    }

    void start(@Observes Startup startup) {
        refresh();
        refreshTask = executor.scheduleWithFixedDelay(this::refreshQuietly, refreshSeconds, refreshSeconds,
                TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
    }

    /** The keys that sign this merchant's deliveries, or null if it has no secret. */
    public SigningKeys keysFor(String merchantKey) {
        return keys.get(merchantKey);
    }

    /** The default time a replaced secret stays valid. */
    public Duration rotationGrace() {
        return Duration.ofHours(rotationGraceHours);
    }

    /**
     * The merchant's secret row, if it has one.
     * In a transaction of its own when the caller has none: on Liberty, reads outside a transaction share one
     * persistence context for the whole request, so a row read before an operator's change (in its own transaction)
     * would be read again as it was; a transaction-scoped read sees what is committed.
     */
    @Transactional
    public Optional<MerchantSecret> find(String merchantKey) {
        return Optional.ofNullable(em.find(MerchantSecret.class, merchantKey));
    }

    /**
     * Gives the merchant a new secret (generated unless {@code supplied}); a current secret stays valid for
     * {@code grace} (zero: it stops at once). Runs in the caller's transaction; the merchant's row must exist.
     */
    public Issued issue(String merchantKey, SignType signType, String supplied, Duration grace) {
        String secret = supplied != null ? supplied : generate();
        String hint = secret.substring(secret.length() - 4);
        String encrypted = cipher.encrypt(secret, merchantKey);
        Instant now = clock.instant();
        MerchantSecret row = em.find(MerchantSecret.class, merchantKey, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new MerchantSecret(merchantKey, signType, encrypted, hint, now);
            em.persist(row);
            return new Issued(row, secret);
        }
        String previous = grace.isZero() ? null : row.getSecretEncrypted();
        row.rotate(signType, encrypted, hint, previous, now.plus(grace), now);
        return new Issued(row, secret);
    }

    /** Removes the merchant's secret; its deliveries go unsigned from then on. Runs in the caller's transaction. */
    public boolean remove(String merchantKey) {
        MerchantSecret row = em.find(MerchantSecret.class, merchantKey, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return false;
        }
        em.remove(row);
        return true;
    }

    /**
     * Reads every secret from the database into this node's memory. Takes turns with {@link #reload}, so a refresh
     * that read the table before an operator's change committed cannot put the old secret back after the reload.
     */
    public synchronized void refresh() {
        Map<String, SigningKeys> loaded = new HashMap<>();
        for (MerchantSecret row : fromDatabase(em.createQuery("SELECT s FROM MerchantSecret s", MerchantSecret.class))) {
            decrypt(row).ifPresent(decrypted -> loaded.put(row.getMerchantKey(), decrypted));
        }
        keys.putAll(loaded);
        keys.keySet().retainAll(loaded.keySet());
    }

    /**
     * Reads one merchant's secret into this node's memory again: after an operator changed it here, or when a
     * merchant's socket signs with a secret this node has not read yet. In the caller's transaction, or one of its own.
     */
    @Transactional
    public synchronized void reload(String merchantKey) {
        Optional<SigningKeys> decrypted = fromDatabase(em.createQuery(
                "SELECT s FROM MerchantSecret s WHERE s.merchantKey = :key", MerchantSecret.class)
                .setParameter("key", merchantKey)).stream().findFirst().flatMap(this::decrypt);
        if (decrypted.isPresent()) {
            keys.put(merchantKey, decrypted.get());
        } else {
            keys.remove(merchantKey);
        }
    }

    /**
     * The rows as the database has them now. (Outside a transaction, Liberty keeps one persistence context per request:
     * without the refresh hint, a row read earlier in the request, before the operator's change committed, would be
     * returned as it was then.)
     */
    private static List<MerchantSecret> fromDatabase(TypedQuery<MerchantSecret> query) {
        return query.setHint("eclipselink.refresh", "true").getResultList();
    }

    /** The row's keys, or empty (and logged once) if they cannot be decrypted. */
    private Optional<SigningKeys> decrypt(MerchantSecret row) {
        String key = row.getMerchantKey();
        try {
            String previous = row.getPreviousSecretEncrypted() == null ? null
                    : cipher.decrypt(row.getPreviousSecretEncrypted(), key);
            unreadable.remove(key);
            return Optional.of(new SigningKeys(row.getSignType(), cipher.decrypt(row.getSecretEncrypted(), key),
                    previous, row.getPreviousValidUntil()));
        } catch (IllegalStateException e) {
            if (unreadable.add(key)) {
                LOG.log(Level.SEVERE, "The signing secret of merchant_key {0} cannot be decrypted: {1}. Its "
                        + "deliveries go unsigned until it is issued again or notify.security.secret-key is the "
                        + "key it was stored under.", new Object[] {key, e.getMessage()});
            }
            return Optional.empty();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the merchants'' signing secrets ({0}); the ones in memory stay in "
                    + "use", e.toString());
        }
    }

    private static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return WebhookSignature.SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Checks a secret an operator supplies (a merchant's existing key, say).
     *
     * @throws IllegalArgumentException with the rest of a sentence that starts with the field's name
     */
    public static void checkSupplied(String secret) {
        if (secret.length() < 16 || secret.length() > 256) {
            throw new IllegalArgumentException("must be 16 to 256 characters long, not " + secret.length());
        }
        if (!secret.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IllegalArgumentException("must be printable ASCII without spaces");
        }
        if (secret.startsWith(WebhookSignature.SECRET_PREFIX)) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.substring(WebhookSignature.SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("starts with whsec_ but the rest is not Base64");
            }
            if (key.length < 24 || key.length > 64) {
                throw new IllegalArgumentException("starts with whsec_ but holds " + key.length
                        + " bytes; Standard Webhooks secrets hold 24 to 64");
            }
        }
    }
}
