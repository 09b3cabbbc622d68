/**
 * Merchants: who a notification is for, and how healthy they are.
 *
 * <p>Identity: a merchant is its {@link dev.merchantnotify.merchant.MerchantKey}, a short hash of the normalised
 * {@code notify_url} (scheme and host lower-cased, default port made explicit, path kept, query, fragment and user-info
 * dropped); {@link dev.merchantnotify.merchant.NotifyUrl} is the one reading of a notify URL (absolute, http or https,
 * with a host), for ingest and the admin API alike. URLs that differ only in their query string (say {@code ?order=1} and {@code ?order=2}) are one merchant.
 * The key is computed at ingest and stored on every notification; the merchant is registered in the {@code merchant}
 * table ({@link dev.merchantnotify.merchant.Merchants}) the first time it is seen, and its last status and when it
 * changed are kept there.
 *
 * <p>Health, shared by every node in Redis ({@link dev.merchantnotify.merchant.MerchantRegistry}): consecutive failures,
 * the last {@code window-size} response times and their mean, the circuit breaker. The state machine is
 * {@link dev.merchantnotify.merchant.Breaker}, pure and tested with a fixed clock: {@code failure-threshold}
 * consecutive failures open the breaker for {@code open-seconds}; when that ends exactly one probe goes through
 * (half-open, won by a compare-and-set, so one across all nodes); its success closes the breaker, its failure opens it
 * again. A merchant is slow when its mean response time exceeds {@code slow-threshold-ms} over at least
 * {@code slow-min-samples} answers. Status is {@code circuit_breaker} while the breaker is not closed, else {@code slow}
 * or {@code normal}; {@code paused} before all of them while an operator has paused the merchant.
 *
 * <p>Pause: an operator's decision, kept in the merchant's row ({@link dev.merchantnotify.merchant.Merchants#pause}) and
 * marked in Redis for every node ({@link dev.merchantnotify.merchant.MerchantRegistry#setPaused}: {@code paused_at} in
 * the merchant's hash, its key in the set {@code merchant_notify_paused}). {@link dev.merchantnotify.merchant.Breaker}
 * answers {@link dev.merchantnotify.merchant.Admission#PARK} for a paused merchant, whatever its breaker says.
 * {@link dev.merchantnotify.merchant.Merchants#reconcilePauses} brings Redis back in step with the database.
 *
 * <p>Events (CDI, fired once per change on the node that saw it): {@link dev.merchantnotify.merchant.BreakerOpened},
 * {@link dev.merchantnotify.merchant.BreakerClosed}, {@link dev.merchantnotify.merchant.MerchantTurnedSlow},
 * {@link dev.merchantnotify.merchant.MerchantRecovered}; observe {@link dev.merchantnotify.merchant.MerchantStatusChange}
 * to hear of all four. {@link dev.merchantnotify.merchant.MerchantRegistry#claimAlert} lets alerting announce a merchant
 * at most once per period across all nodes (a time field in the merchant's hash).
 *
 * <p>The per-merchant lanes that use this health (in-flight caps per node, 2 for a slow merchant) live in
 * {@code dev.merchantnotify.dispatch}. This breaker is per merchant; MicroProfile's {@code @CircuitBreaker} (one per
 * method) guards shared dependencies only. Settings: {@link dev.merchantnotify.merchant.MerchantSettings}
 * ({@code notify.merchant.*}).
 */
package dev.merchantnotify.merchant;
