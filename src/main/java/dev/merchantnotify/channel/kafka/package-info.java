/**
 * The {@code kafka} channel: a destination is a topic on a Kafka cluster (bootstrap servers, TLS and SASL, the password
 * kept encrypted) and a record key built per message ({@code order_no} by default, so one order's events stay in one
 * partition, read in the order they were published). Each attempt sends the notification's {@link dev.merchantnotify.channel.Envelope} as one record
 * with the Standard Webhooks headers through the destination's idempotent {@code acks=all} producer; it is delivered
 * when the cluster acknowledges it, and its partition and offset are recorded. A missing topic is {@code not_found} and
 * never created (the topic is looked up with an admin client before the producer is made), refused credentials or ACLs
 * {@code auth}, a record too large {@code too_large} (none of them retried), no acknowledgement in time
 * {@code timeout}, an unreachable cluster {@code connect}, other retriable errors {@code network}.
 */
package dev.merchantnotify.channel.kafka;
