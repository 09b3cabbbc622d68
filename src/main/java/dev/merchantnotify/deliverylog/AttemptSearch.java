package dev.merchantnotify.deliverylog;

/**
 * What to look for in the delivery log; every criterion is optional (null: any).
 *
 * @param orderNoPrefix order numbers starting with this text (taken literally: {@code %} and {@code _} match
 *                      themselves)
 * @param success       only successful attempts (true) or only failed ones (false)
 * @param merchantKey   the attempts that went to one merchant or destination (its key)
 * @param merchantNo    the attempts of one merchant account's notifications
 */
public record AttemptSearch(String orderNoPrefix, Boolean success, String merchantKey, String merchantNo) {
}
