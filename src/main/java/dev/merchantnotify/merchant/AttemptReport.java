package dev.merchantnotify.merchant;

/**
 * One attempt's outcome as the health registry needs it.
 *
 * @param responseMillis the time until the answer (or the timeout), or -1 when no time is meaningful (refused)
 * @param probe          whether this attempt was the half-open probe
 */
public record AttemptReport(String merchantKey, String notifyUrl, boolean success, boolean probe, long responseMillis) {
}
