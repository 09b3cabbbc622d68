package dev.merchantnotify.channel.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.KeyTemplate;
import java.util.List;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.junit.jupiter.api.Test;

class KafkaFailuresTest {

    private static final KafkaSettings.Parsed DESTINATION = new KafkaSettings.Parsed(
            List.of(new KafkaSettings.Server("k.shop.example", 9092)), "orders", KeyTemplate.parse("k", "{order_no}"),
            "SASL_SSL", "PLAIN", "shop", "secret");
    private static final TopicProducer.Limits LIMITS = new TopicProducer.Limits(1000, 2000, 3000);

    private static TopicProducer.Failure of(Throwable e) {
        return KafkaFailures.of(e, DESTINATION, LIMITS);
    }

    @Test
    void configurationErrorsAreNotRetriedAndSayWhatToFix() {
        TopicProducer.Failure auth = of(new SaslAuthenticationException("Authentication failed"));
        assertEquals(FailureKind.AUTH, auth.kind);
        assertTrue(auth.getMessage().contains("user 'shop'") && auth.getMessage().contains("fix the destination"),
                auth.getMessage());
        TopicProducer.Failure acl = of(new TopicAuthorizationException("Not authorized", java.util.Set.of("orders")));
        assertEquals(FailureKind.AUTH, acl.kind);
        assertTrue(acl.getMessage().contains("grant the user WRITE"), acl.getMessage());
        assertEquals(FailureKind.TOO_LARGE, of(new RecordTooLargeException("too large")).kind);
        assertEquals(FailureKind.NOT_FOUND, of(new UnknownTopicOrPartitionException("gone")).kind);
        for (FailureKind kind : List.of(FailureKind.AUTH, FailureKind.TOO_LARGE, FailureKind.NOT_FOUND)) {
            assertEquals(false, kind.retried(), kind.apiName());
        }
    }

    @Test
    void whatMayPassIsRetried() {
        TopicProducer.Failure timeout = of(new TimeoutException("Expiring 1 record(s)"));
        assertEquals(FailureKind.TIMEOUT, timeout.kind);
        assertTrue(timeout.getMessage().contains("within 2002 ms of taking the record"), timeout.getMessage());
        assertEquals(FailureKind.NETWORK, of(new NotEnoughReplicasException("1 < 2")).kind);
        assertEquals(FailureKind.REJECTED, of(new InvalidRequiredAcksException("bad acks")).kind);
        assertTrue(FailureKind.NETWORK.retried() && FailureKind.REJECTED.retried());
    }
}
