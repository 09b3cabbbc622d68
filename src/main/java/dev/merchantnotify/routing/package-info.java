/**
 * Routing: merchant accounts, their destinations and routes (tables {@code merchant_account}, {@code destination},
 * {@code route}, {@code route_member}; migration V6).
 *
 * <p>A {@link dev.merchantnotify.routing.MerchantAccount} is a merchant as the platform knows it (its
 * {@code merchant_no}). A {@link dev.merchantnotify.routing.Destination} is one way to reach it: a channel type
 * ({@code dev.merchantnotify.channel}) with that type's settings, as its channel checked them; secret values are kept
 * encrypted ({@code dev.merchantnotify.security.SecretCipher}, bound to the destination key) and never shown again.
 * Each destination has a destination key ({@code MerchantKey.ofDestination}, from its id): its breaker, lane,
 * response-time window, pause and signing secret go by it exactly as a notify URL's merchant's go by its merchant key,
 * so one dead destination never delays another. A {@link dev.merchantnotify.routing.Route} says how an account's
 * notifications of matching events ({@link dev.merchantnotify.routing.EventPattern}: an event, a prefix {@code refund.*},
 * or {@code *}; the most specific wins) reach its destinations: a {@link dev.merchantnotify.routing.Strategy} over
 * ordered tiers of {@link dev.merchantnotify.routing.RouteMember}s.
 *
 * <p>{@link dev.merchantnotify.routing.Accounts} is the store. Every committed change raises
 * {@code merchant_notify_routing_version} in Redis ({@link dev.merchantnotify.routing.RoutingVersion}), which tells every
 * node to read the routing again: {@link dev.merchantnotify.routing.RoutingTable} is that node's copy, which ingest (is
 * there a route?) and dispatch (which member now?) read without a query; {@link dev.merchantnotify.routing.MemberChoice}
 * picks a failover or weighted route's member ({@link dev.merchantnotify.routing.SmoothWeights}: smooth weighted round
 * robin per node; sticky routes hash the order number over the members). Operators change all of this through {@code dev.merchantnotify.operator}, which
 * checks each field and audits each change.
 */
package dev.merchantnotify.routing;
