package dev.merchantnotify.channel;

/**
 * A channel learned that a destination can be reached again on its own initiative (a merchant's socket connected): what
 * waits for it (retries, a breaker's delay) need not wait any longer. Fired asynchronously.
 *
 * @param destinationKey the destination's key (its merchant key: breaker, lanes and log go by it)
 * @param address        the destination's address as logs show it
 * @param why            what happened, for the log ({@code its socket connected})
 */
public record DestinationReachable(String destinationKey, String address, String why) {
}
