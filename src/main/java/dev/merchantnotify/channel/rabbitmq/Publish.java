package dev.merchantnotify.channel.rabbitmq;

import com.rabbitmq.client.AMQP;
import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.Envelope;
import dev.merchantnotify.channel.PendingOutcome;
import dev.merchantnotify.platform.Version;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

/** One attempt's message on its way to the broker, and its outcome: whichever of confirm, failure or deadline comes first. */
final class Publish extends PendingOutcome {

    private final Envelope envelope;
    private final String routingKey;
    private final AMQP.BasicProperties properties;
    private final String messageKey;
    private volatile String returned;
    private volatile Runnable forget;

    Publish(Attempt attempt, Envelope envelope, String routingKey, Instant startedAt, long start) {
        super(startedAt, start);
        this.envelope = envelope;
        this.routingKey = routingKey;
        Map<String, Object> headers = new HashMap<>(envelope.headers());
        headers.put(Publisher.ATTEMPT_HEADER, attempt.attemptNo());
        this.properties = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2) // persistent
                .messageId(envelope.webhookId())
                .type(attempt.event())
                .timestamp(Date.from(startedAt))
                .appId("merchant-notify/" + Version.CURRENT)
                .headers(headers)
                .build();
        this.messageKey = envelope.webhookId() + "/" + attempt.attemptNo();
    }

    Envelope envelope() {
        return envelope;
    }

    String routingKey() {
        return routingKey;
    }

    AMQP.BasicProperties properties() {
        return properties;
    }

    String messageKey() {
        return messageKey;
    }

    String returned() {
        return returned;
    }

    void returned(String why) {
        returned = why;
    }

    /**
     * How to drop this publish from its channel's waiting list when its deadline passes first (a broker that stays
     * connected but never confirms must not make the list grow); run at once if the deadline already passed.
     */
    void forgetWith(Runnable forgetting) {
        forget = forgetting;
        if (isDone()) {
            forgetting.run();
        }
    }

    /** The deadline passed before the broker confirmed (or refused) the message. */
    @Override
    protected void expire(String error) {
        super.expire(error);
        Runnable forgetting = forget;
        if (forgetting != null) {
            forgetting.run();
        }
    }
}
