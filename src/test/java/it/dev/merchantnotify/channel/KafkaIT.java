package it.dev.merchantnotify.channel;

import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code kafka} channel through the real server to a real single-node KRaft broker ({@link KafkaBroker}: started
 * by the test run from Maven Central's Kafka jars, topic auto-creation off): records read back by a consumer that
 * verifies their signature, one order's events in one partition in order, partition and offset recorded; an unknown
 * topic (never created), an unreachable cluster and a record too large, each with its kind.
 */
class KafkaIT extends AgainstServer {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "it.orders." + RUN;
    private static final String SMALL = "it.small." + RUN;

    private static KafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startTheBrokerWithItsTopics() throws Exception {
        broker = KafkaBroker.shared();
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrap());
        admin = Admin.create(properties);
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1),
                new NewTopic(SMALL, 1, (short) 1).configs(Map.of("max.message.bytes", "1024")))).all().get();
    }

    @AfterAll
    static void deleteTheTopics() throws Exception {
        if (admin != null) {
            admin.deleteTopics(List.of(TOPIC, SMALL)).all().get();
            admin.close();
        }
    }

    private String newAccount() {
        String merchantNo = "KF-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Stream shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return merchantNo;
    }

    private JsonObject destination(String merchantNo, String name, String bootstrap, String topic) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"" + name
                + "\",\"type\":\"kafka\",\"settings\":{\"bootstrap_servers\":\"" + bootstrap + "\",\"topic\":\""
                + topic + "\"}}");
        assertEquals(201, created.status(), created.rawBody());
        return created.data();
    }

    private void single(String merchantNo, String name) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\",\"strategy\":"
                + "\"single\",\"tiers\":[[{\"destination\":\"" + name + "\"}]]}");
        assertEquals(201, created.status(), created.rawBody());
    }

    private long submit(String merchantNo, String orderNo, String event) {
        Answer answer = api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                + "\",\"event\":\"" + event + "\",\"payload\":{\"order_no\":\"" + orderNo + "\",\"amount\":\"9.90\"}}");
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    private static JsonObject lastDelivery(JsonObject notification) {
        var deliveries = notification.getJsonArray("deliveries");
        return deliveries.getJsonObject(deliveries.size() - 1);
    }

    @Test
    void everyRecordIsAcknowledgedSignedKeyedByOrderAndReadBack() throws Exception {
        String merchantNo = newAccount();
        JsonObject created = destination(merchantNo, "stream", broker.bootstrap(), TOPIC);
        Answer issued = api.adminPost("merchant-secret", "{\"merchant_key\":\""
                + created.getString("destination_key") + "\"}");
        assertEquals(200, issued.status(), issued.rawBody());
        String secret = issued.data().getString("secret");
        single(merchantNo, "stream");

        // Ten orders, each paid, then shipped once the payment was delivered (as a platform's events come): both
        // events of an order go to one partition, the paid one first.
        Map<Long, String> orderOf = new HashMap<>();
        Map<String, Long> paid = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            String orderNo = uniqueOrderNo("kafka") + "-" + i;
            long id = submit(merchantNo, orderNo, "order.paid");
            orderOf.put(id, orderNo);
            paid.put(orderNo, id);
        }
        paid.forEach((orderNo, id) -> {
            api.awaitStatus(id, "success", WAIT);
            orderOf.put(submit(merchantNo, orderNo, "order.shipped"), orderNo);
        });
        Map<Long, String> refs = new HashMap<>();
        for (long id : orderOf.keySet()) {
            JsonObject attempt = lastDelivery(api.awaitStatus(id, "success", WAIT));
            assertEquals("kafka", attempt.getString("channel"));
            String ref = attempt.getString("provider_ref");
            assertTrue(ref.matches(java.util.regex.Pattern.quote(TOPIC) + "/[0-2]@[0-9]+"), ref);
            refs.put(id, ref);
        }

        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrap());
        properties.put("group.id", "it-" + RUN);
        properties.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < orderOf.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }
            consumer.commitSync();
        }
        assertEquals(orderOf.size(), read.size(), "every record, once");
        Webhook verifier = new Webhook(secret);
        Map<String, List<String>> eventsByOrder = new HashMap<>();
        Map<String, Integer> partitionOfOrder = new HashMap<>();
        for (ConsumerRecord<String, String> record : read) {
            Map<String, List<String>> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), List.of(new String(header.value(), StandardCharsets.UTF_8)));
            }
            assertDoesNotThrow(() -> verifier.verify(record.value(), headers), "verifies: " + record.value());
            assertEquals(List.of("application/json"), headers.get("content-type"));
            JsonObject envelope = Json.createReader(new StringReader(record.value())).readObject();
            long id = envelope.getJsonNumber("notification_id").longValue();
            assertEquals(orderOf.get(id), record.key(), "keyed by order_no");
            assertEquals(orderOf.get(id), envelope.getString("order_no"));
            assertEquals(TOPIC + "/" + record.partition() + "@" + record.offset(), refs.get(id));
            eventsByOrder.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(envelope.getString("event"));
            Integer before = partitionOfOrder.put(record.key(), record.partition());
            assertTrue(before == null || before == record.partition(), "one order, one partition");
        }
        eventsByOrder.forEach((order, events) -> assertEquals(List.of("order.paid", "order.shipped"), events, order));

        Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/stream/test", "{}");
        assertTrue(test.data().getBoolean("success"), test.rawBody());
        assertTrue(test.data().getString("provider_ref").startsWith(TOPIC + "/"), test.rawBody());
    }

    @Test
    void anUnknownTopicIsNeverCreatedAndEachFailureHasItsKind() throws Exception {
        String merchantNo = newAccount();
        String unknown = "it.unknown." + RUN;
        destination(merchantNo, "unknown", broker.bootstrap(), unknown);
        destination(merchantNo, "down", "127.0.0.1:1", TOPIC);
        destination(merchantNo, "small", broker.bootstrap(), SMALL);
        Map<String, String> kinds = Map.of("unknown", "not_found", "down", "connect", "small", "too_large");
        for (Map.Entry<String, String> expected : kinds.entrySet()) {
            Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/" + expected.getKey() + "/test",
                    "{\"payload\":{\"order_no\":\"T\",\"note\":\"" + "x".repeat(2000) + "\"}}");
            assertEquals(200, test.status(), test.rawBody());
            assertFalse(test.data().getBoolean("success"), test.rawBody());
            assertEquals(expected.getValue(), test.data().getString("error_kind"), expected.getKey() + ": "
                    + test.rawBody());
        }

        String account = newAccount();
        destination(account, "unknown", broker.bootstrap(), unknown);
        single(account, "unknown");
        JsonObject failed = api.awaitStatus(submit(account, uniqueOrderNo("kafka-unknown"), "order.paid"), "failed",
                WAIT);
        assertEquals(1, failed.getJsonArray("deliveries").size(), "not retried: " + failed);
        assertEquals("not_found", lastDelivery(failed).getString("error_kind"));
        assertTrue(failed.getString("last_error").contains("topic '" + unknown + "' does not exist"), failed.toString());
        assertFalse(admin.listTopics().names().get().contains(unknown), "the unknown topic was not created");
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheField() {
        String merchantNo = newAccount();
        Map<String, String> refused = Map.of(
                "{\"topic\":\"t\"}", "settings.bootstrap_servers",
                "{\"bootstrap_servers\":\"127.0.0.1\",\"topic\":\"t\"}", "settings.bootstrap_servers",
                "{\"bootstrap_servers\":\"10.1.2.3:9092\",\"topic\":\"t\"}", "settings.bootstrap_servers",
                "{\"bootstrap_servers\":\"127.0.0.1:9092\",\"topic\":\"a/b\"}", "settings.topic",
                "{\"bootstrap_servers\":\"127.0.0.1:9092\",\"topic\":\"t\",\"key\":\"{customer}\"}", "settings.key",
                "{\"bootstrap_servers\":\"127.0.0.1:9092\",\"topic\":\"t\",\"security_protocol\":\"SASL_SSL\"}",
                "settings.username",
                "{\"bootstrap_servers\":\"127.0.0.1:9092\",\"topic\":\"t\",\"password\":\"p\"}", "settings.password");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Answer answer = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"d\",\"type\":"
                    + "\"kafka\",\"settings\":" + bad.getKey() + "}");
            assertEquals(400, answer.status(), bad.getKey() + ": " + answer.rawBody());
            assertTrue(answer.msg().startsWith(bad.getValue()), bad.getKey() + ": " + answer.msg());
        }
        assertNotNull(api.admin("accounts/" + merchantNo).data());
        assertEquals(0, api.admin("accounts/" + merchantNo).data().getJsonArray("destinations").size());
    }
}
