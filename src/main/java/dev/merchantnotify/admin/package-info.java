/**
 * Admin API for operators, under {@code /admin/merchant-notify/} (role {@code admin}), answering in the
 * {@code {"code","msg","data"}} envelope. It calls the capabilities' services directly, as the console will.
 *
 * <p>So far: a merchant's status and the reset of its circuit breaker, identified by its {@code notify_url} (the answer
 * gives the {@code merchant_key}).
 */
package dev.merchantnotify.admin;
