package dev.merchantnotify.channel.websocket;

import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.PendingOutcome;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One open socket of a merchant's {@code websocket} destination on this node, and the notifications pushed on it that
 * wait for the merchant's acknowledgement, by message id ({@code msg_42}: one attempt of a notification is in flight
 * at a time, dispatch's lock sees to that).
 */
final class MerchantSocket {

    final Session session;
    final String destinationKey;
    /** {@code merchant_no/destination}, as logs and the console show the socket. */
    final String label;
    final Instant openedAt;
    private final Map<String, PendingOutcome> awaiting = new ConcurrentHashMap<>();
    private volatile long lastPongNanos = System.nanoTime();

    MerchantSocket(Session session, String destinationKey, String label, Instant openedAt) {
        this.session = session;
        this.destinationKey = destinationKey;
        this.label = label;
        this.openedAt = openedAt;
    }

    private record Outgoing(String frame, Consumer<Throwable> failed) {
    }

    private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /**
     * Writes a text frame, after those before it: a socket takes one asynchronous write at a time, and several
     * deliveries go out on one socket at once. {@code failed} hears of a write that did not complete.
     */
    void write(String frame, Consumer<Throwable> failed) {
        outbox.add(new Outgoing(frame, failed));
        drain();
    }

    /** Pings the peer, in turn with the frames being written. */
    void ping(Consumer<Throwable> failed) {
        outbox.add(new Outgoing(null, failed));
        drain();
    }

    private void drain() {
        while (!outbox.isEmpty() && writing.compareAndSet(false, true)) {
            Outgoing next = outbox.poll();
            if (next == null) {
                writing.set(false);
                continue;
            }
            if (next.frame() == null) {
                try {
                    session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                } catch (IOException | RuntimeException e) {
                    next.failed().accept(e);
                }
                writing.set(false);
                continue;
            }
            try {
                session.getAsyncRemote().sendText(next.frame(), result -> {
                    if (!result.isOK()) {
                        next.failed().accept(result.getException());
                    }
                    writing.set(false);
                    drain();
                });
            } catch (RuntimeException e) {
                next.failed().accept(e);
                writing.set(false);
            }
        }
    }

    /** Notifications pushed on this socket and not yet acknowledged. */
    int awaitingCount() {
        return awaiting.size();
    }

    /** The notification pushed as {@code messageId} waits for its acknowledgement on this socket. */
    void await(String messageId, PendingOutcome pushed) {
        awaiting.put(messageId, pushed);
        pushed.result().whenComplete((outcome, error) -> awaiting.remove(messageId, pushed));
    }

    /** The pushed notification an acknowledgement names, or null when none waits for it here. */
    PendingOutcome acknowledged(String messageId) {
        return awaiting.get(messageId);
    }

    /** The socket closed: everything still waiting failed, none of it acknowledged. */
    void closed(String why) {
        for (PendingOutcome pushed : awaiting.values()) {
            pushed.fail(FailureKind.NETWORK, why);
        }
    }

    void ponged() {
        lastPongNanos = System.nanoTime();
    }

    long sincePongMillis() {
        return (System.nanoTime() - lastPongNanos) / 1_000_000;
    }
}
