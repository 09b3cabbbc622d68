package dev.merchantnotify.routing;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.security.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store of merchant accounts, their destinations and routes. Reads run in a transaction of their own (on Liberty,
 * reads outside one share a persistence context for the whole request, and would miss a change made in it); changes
 * join the caller's transaction, so that the operator package writes its audit record with them. Every change bumps
 * the routing version ({@link RoutingVersion}) after it commits, which tells every node to read the routing again.
 */
@ApplicationScoped
public class Accounts {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    Merchants merchants;

    @Inject
    RoutingVersion routingVersion;

    @Inject
    Clock clock;

    @Transactional
    public Optional<MerchantAccount> find(String merchantNo) {
        return em.createQuery("SELECT a FROM MerchantAccount a WHERE a.merchantNo = :no", MerchantAccount.class)
                .setParameter("no", merchantNo).getResultStream().findFirst();
    }

    @Transactional
    public long count() {
        return em.createQuery("SELECT COUNT(a) FROM MerchantAccount a", Long.class).getSingleResult();
    }

    /** A page of accounts by merchant number. */
    @Transactional
    public List<MerchantAccount> page(int offset, int limit) {
        return em.createQuery("SELECT a FROM MerchantAccount a ORDER BY a.merchantNo", MerchantAccount.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Transactional
    public MerchantAccount create(String merchantNo, String name, boolean enabled) {
        MerchantAccount account = new MerchantAccount(merchantNo, name, enabled, clock.instant());
        em.persist(account);
        em.flush();
        routingVersion.bumpAfterCommit();
        return account;
    }

    @Transactional
    public MerchantAccount change(MerchantAccount account, String name, boolean enabled) {
        MerchantAccount managed = em.find(MerchantAccount.class, account.getId());
        managed.change(name, enabled, clock.instant());
        routingVersion.bumpAfterCommit();
        return managed;
    }

    /** Deletes an account with its routes and destinations. */
    @Transactional
    public void delete(MerchantAccount account) {
        for (Route route : routes(account.getId())) {
            em.remove(em.find(Route.class, route.getId()));
        }
        em.flush(); // routes (and their members) before the destinations they name
        for (Destination destination : destinations(account.getId())) {
            em.remove(em.find(Destination.class, destination.getId()));
        }
        em.flush(); // the rows are not mapped as relations: EclipseLink would not order these deletes by their keys
        em.remove(em.find(MerchantAccount.class, account.getId()));
        routingVersion.bumpAfterCommit();
    }

    /** An account's destinations by name. */
    @Transactional
    public List<Destination> destinations(long accountId) {
        return em.createQuery("SELECT d FROM Destination d WHERE d.accountId = :account ORDER BY d.name",
                Destination.class).setParameter("account", accountId).getResultList();
    }

    @Transactional
    public Optional<Destination> destination(long accountId, String name) {
        return em.createQuery("SELECT d FROM Destination d WHERE d.accountId = :account AND d.name = :name",
                Destination.class).setParameter("account", accountId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    /** Every destination of every account: what the routing table is built from. */
    @Transactional
    public List<Destination> allDestinations() {
        return em.createQuery("SELECT d FROM Destination d", Destination.class).getResultList();
    }

    /**
     * Adds a destination: its key is derived from its new id, its merchant row (health, pause, signing secret) is
     * registered under that key with the destination's address.
     */
    @Transactional
    public Destination createDestination(MerchantAccount account, String name, String type, CheckedSettings settings,
                                         boolean enabled) {
        Instant now = clock.instant();
        Destination destination = new Destination(account.getId(), name, type, enabled, now);
        em.persist(destination); // the sequence gives it its id here
        String key = MerchantKey.ofDestination(destination.getId()).value();
        destination.keyed(key);
        destination.change(name, settings.plain().toString(), settings.address(), encrypt(settings.secrets(), key),
                enabled, now);
        merchants.registerNew(Map.of(key, settings.address()), now);
        routingVersion.bumpAfterCommit();
        return destination;
    }

    @Transactional
    public Destination changeDestination(Destination destination, String name, CheckedSettings settings,
                                         boolean enabled) {
        Destination managed = em.find(Destination.class, destination.getId());
        managed.change(name, settings.plain().toString(), settings.address(),
                encrypt(settings.secrets(), managed.getDestinationKey()), enabled, clock.instant());
        routingVersion.bumpAfterCommit();
        return managed;
    }

    @Transactional
    public void deleteDestination(Destination destination) {
        em.remove(em.find(Destination.class, destination.getId()));
        routingVersion.bumpAfterCommit();
    }

    /** The plain settings of a destination, as stored. */
    public static JsonObject settingsOf(Destination destination) {
        return Json.createReader(new StringReader(destination.getSettings())).readObject();
    }

    /** The secret values of a destination, decrypted; an empty object when it has none. */
    public JsonObject secretsOf(Destination destination) {
        if (destination.getSecretsEncrypted() == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        String json = cipher.decrypt(destination.getSecretsEncrypted(), destination.getDestinationKey());
        return Json.createReader(new StringReader(json)).readObject();
    }

    private String encrypt(JsonObject secrets, String key) {
        return secrets.isEmpty() ? null : cipher.encrypt(secrets.toString(), key);
    }

    /** An account's routes, by event pattern. */
    @Transactional
    public List<Route> routes(long accountId) {
        return em.createQuery("SELECT r FROM Route r WHERE r.accountId = :account ORDER BY r.eventPattern",
                Route.class).setParameter("account", accountId).getResultList();
    }

    /** Every route of every account: what the routing table is built from. */
    @Transactional
    public List<Route> allRoutes() {
        return em.createQuery("SELECT r FROM Route r", Route.class).getResultList();
    }

    /** Every account: what the routing table is built from. */
    @Transactional
    public List<MerchantAccount> allAccounts() {
        return em.createQuery("SELECT a FROM MerchantAccount a", MerchantAccount.class).getResultList();
    }

    @Transactional
    public Optional<Route> route(long accountId, long routeId) {
        Route route = em.find(Route.class, routeId);
        return route != null && route.getAccountId() == accountId ? Optional.of(route) : Optional.empty();
    }

    /** The routes that have {@code destinationId} as a member. */
    @Transactional
    public List<Route> routesUsing(long destinationId) {
        return em.createQuery("SELECT DISTINCT r FROM Route r JOIN r.members m WHERE m.destinationId = :destination",
                Route.class).setParameter("destination", destinationId).getResultList();
    }

    @Transactional
    public Route createRoute(MerchantAccount account, RouteDraft draft) {
        Route route = new Route(account.getId(), clock.instant());
        route.change(draft, clock.instant());
        em.persist(route);
        em.flush();
        routingVersion.bumpAfterCommit();
        return route;
    }

    @Transactional
    public Route changeRoute(Route route, RouteDraft draft) {
        Route managed = em.find(Route.class, route.getId());
        managed.change(draft, clock.instant());
        routingVersion.bumpAfterCommit();
        return managed;
    }

    @Transactional
    public void deleteRoute(Route route) {
        em.remove(em.find(Route.class, route.getId()));
        routingVersion.bumpAfterCommit();
    }
}
