/**
 * The {@code rabbitmq} channel: a destination is an exchange on a RabbitMQ broker ({@code amqp://} or {@code amqps://},
 * credentials kept encrypted) and a routing key built per message. Each attempt publishes the notification's
 * {@link dev.merchantnotify.channel.Envelope} persistent and {@code mandatory} on a channel in confirm mode; it is
 * delivered when the broker acks it and returned nothing for it. A return ({@code 312 NO_ROUTE}) is
 * {@code unroutable}, a negative confirm {@code rejected}, a missing exchange or virtual host {@code not_found}, refused
 * credentials {@code auth} (neither retried: the failure says what to fix), a broker that cannot be reached
 * {@code connect}, a confirm that does not come in time {@code timeout}, a broker that blocks publishers
 * {@code throttled}. Connections are pooled per broker, one channel per destination, and no thread waits for a confirm.
 */
package dev.merchantnotify.channel.rabbitmq;
