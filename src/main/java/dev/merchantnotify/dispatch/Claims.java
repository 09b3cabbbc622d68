package dev.merchantnotify.dispatch;

import dev.merchantnotify.queue.NotifyQueue;
import dev.merchantnotify.queue.Settlement;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's claims on notifications: it takes ids from the pending list (each locked with this node's token and
 * leased) and settles them in Redis when their fate is known. Between the two the id is busy here, and the sweeper
 * leaves it alone.
 */
@ApplicationScoped
public class Claims {

    @Inject
    NotifyQueue queue;

    @Inject
    DispatchSettings settings;

    /** This node's lock token. */
    private final String token = UUID.randomUUID().toString();
    /** Ids claimed by this node and not yet settled: the sweeper must not enqueue them again. */
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();

    /** Claims up to {@code want} ids (one Lua call: pop, lock, lease). */
    List<Long> claim(int want, long nowMillis) {
        List<Long> ids = queue.claim(want, nowMillis + settings.leaseMillis(), token, settings.lockTtlMillis());
        busy.addAll(ids);
        return ids;
    }

    /**
     * Tells Redis what became of these ids (one call: leases dropped, retries scheduled, locks released). They are no
     * longer busy here even if Redis did not answer: their leases expire and the ids come back by themselves.
     */
    void settle(List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        try {
            queue.settle(settlements, token);
        } finally {
            settlements.forEach(settlement -> busy.remove(settlement.id()));
        }
    }

    /** Forgets ids whose rows could not be read: their leases expire and they are claimed again. */
    void abandon(Collection<Long> ids) {
        busy.removeAll(ids);
    }

    /** Whether this node has claimed {@code id} and not yet settled it. */
    public boolean isBusy(long id) {
        return busy.contains(id);
    }
}
