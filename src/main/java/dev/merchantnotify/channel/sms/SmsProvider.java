package dev.merchantnotify.channel.sms;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One provider's way of sending: its request, signed as it documents, and its answer read into a result per number.
 * The future completes with a result for every number of the message; a failure that concerns them all (no
 * connection, refused credentials) is the same result for each. It never completes exceptionally.
 */
interface SmsProvider {

    /** The provider's name as destinations give it. */
    SmsSettings.Provider name();

    CompletableFuture<List<NumberResult>> send(SmsMessage message);
}
