package dev.merchantnotify.channel;

import java.util.Optional;

/**
 * Which merchant account a registered destination belongs to, for what a channel counts per account (the SMS daily
 * cap). Implemented by the routing, which knows every destination; a channel never reads accounts itself.
 */
public interface DestinationOwners {

    /** The {@code merchant_no} of the account the destination with this key belongs to, if it is known on this node. */
    Optional<String> ownerOf(String destinationKey);
}
