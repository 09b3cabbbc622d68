/**
 * Alerting: telling operators in Telegram that something is wrong, and keeping every alert.
 *
 * <ul>
 *   <li>Triggers: {@link dev.merchantnotify.alerting.Alerts} observes the merchant events (a breaker that opened, at
 *       once; a merchant that turned slow, at most once per period per merchant across nodes, through a time field in
 *       the merchant's Redis hash) and raises an operator's manual alert;
 *       {@link dev.merchantnotify.alerting.ThresholdWatch} evaluates the four thresholds (pending queue, success rate,
 *       mean response time, error rate) on one node per period, with their state in Redis, and announces each
 *       condition when it starts, again while it lasts, and when it clears.</li>
 *   <li>Texts: {@link dev.merchantnotify.alerting.AlertMessages}, the seed's formats in Chinese or English.</li>
 *   <li>Sending: {@link dev.merchantnotify.alerting.AlertSender} sends off the caller's thread through a bounded
 *       bulkhead; {@link dev.merchantnotify.alerting.TelegramChannel} picks the chats by level (critical: admin and
 *       monitor; normal: monitor); {@link dev.merchantnotify.alerting.TelegramBot} calls the Bot API
 *       ({@link dev.merchantnotify.alerting.TelegramBotApi}, a MicroProfile Rest Client) under Fault Tolerance:
 *       timeout, three tries, circuit breaker, and a fallback ({@link dev.merchantnotify.alerting.NotSent}) that says
 *       why a message was not sent.</li>
 *   <li>History: {@link dev.merchantnotify.alerting.AlertHistory} stores every alert (table {@code alert}) with its
 *       type, level, origin, merchant, text, the chats that got it and why the others did not, and lists them.</li>
 *   <li>Settings: {@link dev.merchantnotify.alerting.AlertSettings}, {@code notify.alerting.*}, the counterpart of the
 *       seed's {@code config/telegram.php}. Without a bot token nothing is sent: alerts are logged and stored.</li>
 * </ul>
 */
package dev.merchantnotify.alerting;
