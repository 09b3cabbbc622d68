/**
 * Merchants: who a notification is for.
 *
 * <p>A merchant is identified by its {@link dev.merchantnotify.merchant.MerchantKey}: a short hash of the normalised
 * {@code notify_url} (scheme and host lower-cased, default port made explicit, path kept, query, fragment and user-info
 * dropped). Two notify URLs that differ only in their query string (say {@code ?order=1} and {@code ?order=2}) belong to
 * the same merchant, so the health, breaker and lanes that later issues build on see one merchant, not thousands.
 *
 * <p>The key is computed at ingest and stored on every notification row ({@code notification.merchant_key}).
 */
package dev.merchantnotify.merchant;
