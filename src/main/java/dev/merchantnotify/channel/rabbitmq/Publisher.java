package dev.merchantnotify.channel.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.merchantnotify.channel.FailureKind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One destination's AMQP channel on its broker's connection, in confirm mode: publishes its messages one at a time
 * (an AMQP channel takes one publisher at a time) on the channel's work threads, and settles each from the broker's
 * confirm on the connection's thread. A message is delivered when the broker acks it and returned nothing for it (a
 * {@code mandatory} publish no queue took comes back as {@code basic.return} before its ack). The channel is opened on
 * first use and again after it closed; the exchange is checked once per opening (a missing one is remembered for
 * {@link Broker#RECONNECT_PAUSE_MILLIS}).
 */
final class Publisher {

    /** Header with the attempt number; with the message id it finds the publish a return is about. */
    static final String ATTEMPT_HEADER = "x-notify-attempt";

    final RabbitSettings.Parsed parsed;
    final Broker broker;
    private Link link;
    private long exchangeMissingAt;
    private Failure exchangeMissing;

    Publisher(RabbitSettings.Parsed parsed, Broker broker) {
        this.parsed = parsed;
        this.broker = broker;
    }

    /** An open AMQP channel and the publishes on it that wait for their confirm, by sequence number. */
    private final class Link {
        final Channel channel;
        final ConcurrentNavigableMap<Long, Publish> unconfirmed = new ConcurrentSkipListMap<>();
        final Map<String, Publish> byMessage = new ConcurrentHashMap<>();

        Link(Channel channel) {
            this.channel = channel;
        }

        void settle(long tag, boolean multiple, boolean ack) {
            Map<Long, Publish> done = multiple ? unconfirmed.headMap(tag, true) : single(tag);
            for (Map.Entry<Long, Publish> entry : done.entrySet()) {
                Publish publish = entry.getValue();
                unconfirmed.remove(entry.getKey());
                byMessage.remove(publish.messageKey());
                if (!ack) {
                    publish.fail(FailureKind.REJECTED, "the broker refused the message (negative confirm: a queue "
                            + "at its length limit that rejects new messages, or an internal error)");
                } else if (publish.returned() != null) {
                    publish.fail(FailureKind.UNROUTABLE, publish.returned());
                } else {
                    publish.delivered();
                }
            }
        }

        private Map<Long, Publish> single(long tag) {
            Publish publish = unconfirmed.get(tag);
            return publish == null ? Map.of() : Map.of(tag, publish);
        }

        void returned(Return back) {
            Object attempt = back.getProperties().getHeaders() == null ? null
                    : back.getProperties().getHeaders().get(ATTEMPT_HEADER);
            Publish publish = byMessage.get(back.getProperties().getMessageId() + "/" + attempt);
            if (publish != null) {
                publish.returned(back.getReplyCode() == AMQP.NO_ROUTE
                        ? "no queue is bound to " + exchangeName() + " for routing key '" + back.getRoutingKey()
                        + "' (312 NO_ROUTE): bind a queue, or change the destination's routing key"
                        : "the broker returned the message: " + back.getReplyCode() + " " + back.getReplyText());
            }
        }

        void closed(ShutdownSignalException cause) {
            Failure failure = Failures.ofChannel(cause, parsed);
            for (Long tag : unconfirmed.keySet()) {
                Publish publish = unconfirmed.remove(tag);
                if (publish != null) {
                    byMessage.remove(publish.messageKey());
                    publish.fail(failure.kind(), failure.getMessage());
                }
            }
        }
    }

    private String exchangeName() {
        return parsed.exchange().isEmpty() ? "the default exchange" : "exchange '" + parsed.exchange() + "'";
    }

    /** Publishes one message (on a work thread); its outcome completes its future, now or at the broker's confirm. */
    synchronized void publish(Publish publish) {
        if (publish.isDone()) {
            return; // its deadline passed while it waited for this thread: not published at all
        }
        Link open;
        try {
            open = open();
        } catch (Failure failure) {
            publish.fail(failure.kind(), failure.getMessage());
            return;
        }
        long tag = open.channel.getNextPublishSeqNo();
        open.unconfirmed.put(tag, publish);
        open.byMessage.put(publish.messageKey(), publish);
        publish.forgetWith(() -> {
            open.unconfirmed.remove(tag, publish);
            open.byMessage.remove(publish.messageKey(), publish);
        });
        if (publish.isDone()) {
            return; // its deadline passed meanwhile: not published
        }
        try {
            open.channel.basicPublish(parsed.exchange(), publish.routingKey(), true, publish.properties(),
                    publish.envelope().body().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            if (open.unconfirmed.remove(tag) != null) {
                open.byMessage.remove(publish.messageKey());
                Failure failure = Failures.ofChannel(e, parsed);
                publish.fail(failure.kind(), failure.getMessage());
            }
        }
    }

    private Link open() throws Failure {
        if (link != null && link.channel.isOpen()) {
            return link;
        }
        long now = System.currentTimeMillis();
        if (exchangeMissing != null && now - exchangeMissingAt < Broker.RECONNECT_PAUSE_MILLIS) {
            throw exchangeMissing;
        }
        Connection connection = broker.connection();
        Channel channel = null;
        try {
            channel = connection.createChannel();
            if (channel == null) {
                throw new Failure(FailureKind.NETWORK, "the broker has no free channel on this connection");
            }
            if (!parsed.exchange().isEmpty()) {
                channel.exchangeDeclarePassive(parsed.exchange()); // a missing exchange closes the channel: 404
            }
            channel.confirmSelect();
        } catch (Failure failure) {
            throw failure;
        } catch (Exception e) {
            Failure failure = Failures.ofChannel(e, parsed);
            if (failure.kind() == FailureKind.NOT_FOUND) {
                exchangeMissing = failure;
                exchangeMissingAt = now;
            }
            if (channel != null) {
                abort(channel);
            }
            throw failure;
        }
        exchangeMissing = null;
        Link opened = new Link(channel);
        channel.addConfirmListener((tag, multiple) -> opened.settle(tag, multiple, true),
                (tag, multiple) -> opened.settle(tag, multiple, false));
        channel.addReturnListener(opened::returned);
        channel.addShutdownListener(opened::closed);
        link = opened;
        return opened;
    }

    /** The destination changed or went: closes its channel once what is in flight had its time to be confirmed. */
    synchronized void close() {
        if (link != null) {
            abort(link.channel);
        }
    }

    private static void abort(Channel channel) {
        if (channel.isOpen()) {
            try {
                channel.abort();
            } catch (java.io.IOException | RuntimeException closing) {
                // closed either way
            }
        }
    }
}
