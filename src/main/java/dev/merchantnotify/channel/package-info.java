/**
 * Channels: the ways of reaching a merchant, behind one interface. Dispatch hands each attempt ({@link
 * dev.merchantnotify.channel.Attempt}: the notification's id, order, event, payload and attempt number, and its
 * {@link dev.merchantnotify.channel.Target}) to {@link dev.merchantnotify.channel.Channels}, which passes it to the
 * {@link dev.merchantnotify.channel.Channel} of the target's type and returns its asynchronous
 * {@link dev.merchantnotify.channel.ChannelOutcome}: a success, or a failure of one of the shared
 * {@link dev.merchantnotify.channel.FailureKind}s, with the far side's status, answer excerpt, {@code Retry-After} and
 * reference where it gave them. Dispatch decides retries, failover, breakers and lanes from that outcome alone.
 *
 * <p>Invariants every channel keeps (see {@link dev.merchantnotify.channel.Channel}): no thread parked per attempt;
 * the future always completes normally, by {@link dev.merchantnotify.channel.AttemptLimits#attemptDeadline()} at the
 * latest; success is what the far side confirms; every host is judged by the outbound guard first.
 *
 * <p>Shared by the channels: {@link dev.merchantnotify.channel.Envelope}, the JSON message a broker channel publishes
 * with its Standard Webhooks headers, and {@link dev.merchantnotify.channel.KeyTemplate}, a routing or record key built
 * per message. A channel that keeps something open per destination (a broker channel, a producer) holds it in a
 * {@link dev.merchantnotify.channel.PerDestination}, which makes it again when the destination's settings change and
 * lets go of it when {@link dev.merchantnotify.channel.Channel#retainOnly} no longer lists the destination at those
 * settings. {@link dev.merchantnotify.channel.ChannelThreads} are the threads the broker channels share. A channel
 * that learns a destination is reachable again (a merchant's socket connected) fires
 * {@link dev.merchantnotify.channel.DestinationReachable}; dispatch releases what waits for it.
 *
 * <p>One sub-package per channel: {@code http} (the seed's callbacks), {@code rabbitmq} (publisher confirms),
 * {@code kafka} (an idempotent {@code acks=all} producer per destination), {@code websocket} (sockets merchants open
 * to us, each notification acknowledged), {@code email} (SMTP, delivered on the server's 250; templates per event
 * rendered with {@link dev.merchantnotify.channel.KeyTemplate}). A new channel is a new sub-package with an
 * {@code @ApplicationScoped} bean implementing {@code Channel}; neither dispatch nor this package changes.
 */
package dev.merchantnotify.channel;
