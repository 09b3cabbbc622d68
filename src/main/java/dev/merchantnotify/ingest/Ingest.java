package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.BroadcastPart;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.Merchants;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.routing.MemberRole;
import dev.merchantnotify.routing.RoutingTable;
import dev.merchantnotify.routing.Strategy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accepts validated notifications, idempotently per (order_no, event), after registering merchants seen for the first
 * time. When two producers race with the same order and event, or two nodes with the same new merchant, the loser's
 * transaction fails (unique constraint, lock timeout or deadlock); it is tried once more and then sees the winner's row.
 */
@ApplicationScoped
public class Ingest {

    /**
     * SQLStates worth one more try: a unique constraint violation (the same on H2 and PostgreSQL), a lock timeout (H2)
     * and a deadlock (PostgreSQL), when another node registers the same new merchants at the same moment.
     */
    private static final Set<String> CONFLICTS = Set.of("23505", "HYT00", "40P01");

    @Inject
    IngestWriter writer;

    @Inject
    Merchants merchants;

    @Inject
    RoutingTable routing;

    @Inject
    Clock clock;

    @Inject
    Event<NotificationsAccepted> accepted;

    /**
     * Checks that a request for a merchant account can be routed, and says where it starts: its own notify URL if it
     * has one, else its route's first member.
     *
     * @param where prefix for messages, as in {@link NotificationRequest#parse}
     * @throws ApiException (400) naming merchant_no: an unknown or disabled account, or no route for the event
     */
    public NotificationRequest route(NotificationRequest request, String where) {
        if (request.merchantNo() == null) {
            return request;
        }
        RoutingTable.Snapshot snapshot = routing.current();
        if (!routable(snapshot, request)) {
            snapshot = routing.latest(); // another node may have changed it a moment ago: look before refusing
        }
        RoutingTable.Account account = snapshot.account(request.merchantNo()).orElseThrow(() ->
                ApiException.badRequest(where + "merchant_no " + ApiException.quote(request.merchantNo())
                        + " is not a registered merchant account"));
        if (!account.enabled()) {
            throw ApiException.badRequest(where + "merchant_no " + ApiException.quote(request.merchantNo())
                    + ": the merchant account is disabled");
        }
        RoutingTable.Plan plan = account.routeFor(request.event()).filter(RoutingTable.Plan::enabled)
                .orElseThrow(() -> ApiException.badRequest(where + "merchant_no " + ApiException.quote(
                        request.merchantNo()) + " has no enabled route for event " + ApiException.quote(request.event())));
        if (plan.strategy() == Strategy.BROADCAST) {
            // One copy per member (its own notify URL, if it has one, is a required member too), fixed now.
            List<NotificationRequest.BroadcastCopy> copies = new ArrayList<>();
            if (request.merchantKey() != null) {
                copies.add(new NotificationRequest.BroadcastCopy(null, request.merchantKey(), BroadcastPart.REQUIRED));
            }
            for (RoutingTable.Member member : plan.members()) {
                copies.add(new NotificationRequest.BroadcastCopy(member.destination().id(),
                        new MerchantKey(member.destination().key()),
                        member.role() == MemberRole.COPY ? BroadcastPart.COPY : BroadcastPart.REQUIRED));
            }
            return request.broadcast(MerchantKey.ofAccount(request.merchantNo()), copies);
        }
        if (request.merchantKey() != null) {
            return request;
        }
        return request.startingAt(new MerchantKey(plan.members().get(0).destination().key()));
    }

    private static boolean routable(RoutingTable.Snapshot snapshot, NotificationRequest request) {
        return snapshot.account(request.merchantNo()).filter(RoutingTable.Account::enabled)
                .flatMap(account -> account.routeFor(request.event())).filter(RoutingTable.Plan::enabled).isPresent();
    }

    /** Stores the requests (committed when this returns) and says, for each, what became of it. */
    public List<IngestResult> accept(List<NotificationRequest> requests) {
        List<IngestResult> results = store(requests);
        int duplicates = (int) results.stream().filter(IngestResult::duplicate).count();
        accepted.fire(new NotificationsAccepted(results.size() - duplicates, duplicates));
        return results;
    }

    private List<IngestResult> store(List<NotificationRequest> requests) {
        Map<String, String> merchantUrls = new HashMap<>();
        // A registered destination's merchant row was made with it; a notify_url's merchant is registered here.
        requests.stream().filter(request -> request.notifyUrl() != null)
                .forEach(request -> merchantUrls.putIfAbsent(request.notifyUrlKey().value(), request.notifyUrl()));
        try {
            merchants.registerNew(merchantUrls, clock.instant());
            return writer.store(requests);
        } catch (RuntimeException e) {
            if (!isConflict(e)) {
                throw e;
            }
            merchants.registerNew(merchantUrls, clock.instant());
            return writer.store(requests);
        }
    }

    private static boolean isConflict(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && CONFLICTS.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
