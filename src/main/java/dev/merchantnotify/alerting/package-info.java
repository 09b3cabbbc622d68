/**
 * Alerting: telling operators that a merchant is in trouble. Every alert is composed here in the seed's format
 * ({@link dev.merchantnotify.alerting.AlertMessages}), sent through the one active
 * {@link dev.merchantnotify.alerting.AlertChannel}, and stored in table {@code alert} whether it was sent or not, with
 * its level (critical for a breaker, normal for a slow merchant), origin (automatic or an operator's manual send) and
 * the channel's answer.
 *
 * <p>So far alerts are raised by an operator (the admin API's {@code send-alert}); the only channel is
 * {@link dev.merchantnotify.alerting.LogOnlyChannel}, which writes the alert to the server log and stores it as not
 * sent.
 */
package dev.merchantnotify.alerting;
