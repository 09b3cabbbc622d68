package dev.merchantnotify.channel.kafka;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** What the Kafka client's exceptions mean, as failure kinds with a sentence that says what to fix where it can. */
final class KafkaFailures {

    private KafkaFailures() {
    }

    static TopicProducer.Failure of(Throwable e, KafkaSettings.Parsed destination, TopicProducer.Limits limits) {
        String topic = "topic '" + destination.topic() + "'";
        if (e instanceof AuthenticationException) {
            return new TopicProducer.Failure(FailureKind.AUTH, "the cluster refused the credentials"
                    + (destination.username() == null ? "" : " of user '" + destination.username() + "'") + " ("
                    + ChannelOutcome.quote(e) + "): fix the destination's username, password or sasl_mechanism");
        }
        if (e instanceof AuthorizationException) {
            return new TopicProducer.Failure(FailureKind.AUTH, "not authorised to write to " + topic + " ("
                    + ChannelOutcome.quote(e) + "): grant the user WRITE on it (and IDEMPOTENT_WRITE on the cluster)");
        }
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return new TopicProducer.Failure(FailureKind.TOO_LARGE, "the message is larger than " + topic
                    + " takes (" + ChannelOutcome.quote(e) + "): raise the topic's max.message.bytes");
        }
        if (e instanceof UnknownTopicOrPartitionException || e instanceof InvalidTopicException) {
            return new TopicProducer.Failure(FailureKind.NOT_FOUND, topic + " does not exist (" + ChannelOutcome.quote(e)
                    + "): create it, or change the destination's topic");
        }
        if (e instanceof TimeoutException) {
            return new TopicProducer.Failure(FailureKind.TIMEOUT, "no acknowledgement from the cluster within "
                    + (limits.requestMillis() + TopicProducer.LINGER_MILLIS) + " ms of taking the record ("
                    + ChannelOutcome.quote(e) + ")");
        }
        if (e instanceof RetriableException) {
            return new TopicProducer.Failure(FailureKind.NETWORK, "the cluster could not take it now: " + ChannelOutcome.quote(e));
        }
        return new TopicProducer.Failure(FailureKind.REJECTED, "the cluster refused the message: " + ChannelOutcome.quote(e));
    }
}
