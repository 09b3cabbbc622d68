/**
 * Security: where deliveries may go, what the server refuses to run with, and how stored secrets are protected.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.security.OutboundGuard} with {@link dev.merchantnotify.security.AddressRules}: a
 *       {@code notify_url} is a door into the platform's network unless guarded. Blocked unless listed in
 *       {@code notify.security.allowed-networks}: every non-public range (loopback, RFC 1918, link-local and cloud
 *       metadata, CGNAT, multicast, documentation, benchmarking, reserved, unspecified; IPv6 loopback, unique-local,
 *       link-local, site-local, multicast, documentation; IPv6 forms carrying an IPv4 address are judged by it).
 *       Checked at ingest without lookups (literals, localhost names, ambiguous numeric hosts refused: 400) and at send
 *       time on the resolved addresses, which are the only ones the HTTP client may connect to
 *       ({@code channel.http.GuardedResolver}): no rebinding between the check and the connection. Redirects are never
 *       followed. Development and tests allow 127.0.0.0/8 explicitly; the default allows nothing.</li>
 *   <li>{@link dev.merchantnotify.security.ProductionCheck}: {@code notify.security.production-mode} turns the
 *       development defaults off; a default, empty or short password or a missing or development secret key stops the
 *       server at start with a sentence saying what to set.</li>
 *   <li>{@link dev.merchantnotify.security.SecretCipher}: AES-256-GCM under {@code notify.security.secret-key}, each
 *       value bound to its owner (the merchant key) and tagged with the key's id.</li>
 *   <li>{@link dev.merchantnotify.security.SecurityHeaders}: frame, content-type and referrer headers on every answer,
 *       {@code no-store} on the APIs'; the session cookie is {@code HttpOnly} and {@code SameSite=Strict} (web.xml).</li>
 * </ul>
 * Settings: {@link dev.merchantnotify.security.SecuritySettings} ({@code notify.security.*}).
 */
package dev.merchantnotify.security;
