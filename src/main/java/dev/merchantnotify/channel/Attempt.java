package dev.merchantnotify.channel;

import java.time.Instant;

/**
 * One attempt to deliver a notification to one target: everything a channel may put in the message.
 *
 * @param attemptNo 1 for the first attempt of the notification; it keeps counting across an operator's retries
 * @param payload   the notification's payload, a JSON object as the platform sent it
 * @param createdAt when the notification was accepted
 */
public record Attempt(long notificationId, String orderNo, String event, String payload, int attemptNo,
                      Instant createdAt, Target target) {
}
