/**
 * The {@code http} channel: the seed's callback to a merchant's URL, following the delivery contract.
 *
 * <p>{@link dev.merchantnotify.channel.http.HttpChannel} sends with Jetty's asynchronous HTTP client, chosen because
 * its address resolver can be replaced: each connection goes to an address the outbound guard vetted when it was
 * resolved ({@link dev.merchantnotify.channel.http.GuardedResolver}); {@code java.net.http} offers no such hook.
 * {@link dev.merchantnotify.channel.http.HttpRequests} builds the request: {@code form} (default) posts the payload's
 * fields form-encoded, {@code json} posts the payload; every request carries {@code User-Agent: MerchantNotify/<version>},
 * {@code X-Notify-Id} and {@code X-Notify-Attempt}; a destination with a signing secret ({@code dev.merchantnotify.signing})
 * gets Standard Webhooks headers ({@code webhook-id} = {@code msg_<id>}, the same on every attempt) for {@code json},
 * {@code sign} and {@code sign_type} fields for {@code form}. {@link dev.merchantnotify.channel.http.SuccessRule} judges
 * the answer: form needs a 2xx whose body is {@code success}, json any 2xx. Redirects are failures; at most 64 KB of an
 * answer is read and 1 KB kept; a {@code Retry-After} is passed on ({@link dev.merchantnotify.channel.http.RetryAfter}).
 */
package dev.merchantnotify.channel.http;
