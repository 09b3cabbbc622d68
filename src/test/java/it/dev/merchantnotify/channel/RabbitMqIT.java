package it.dev.merchantnotify.channel;

import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code rabbitmq} channel through the real server to a real RabbitMQ ({@code it.rabbitmq.uri}, the machine's
 * broker on 5672 by default; {@code .ci/run} installs and starts one where none runs; skipped without one unless
 * {@code it.brokers.required}): messages read back by a consumer
 * that verifies their Standard Webhooks signature, and each failure with its kind: unroutable, a missing exchange,
 * refused credentials, a broker that is not there; a failover route passing a misconfigured exchange at once. Every
 * exchange and queue is the test's own, deleted afterwards.
 */
class RabbitMqIT extends AgainstServer {

    private static final String BROKER = System.getProperty("it.rabbitmq.uri",
            "amqp://guest:guest@127.0.0.1:5672/%2F");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String EXCHANGE = "it.orders." + RUN;
    private static final String QUEUE = "it.shop." + RUN;

    private static Connection consumer;
    private static Channel channel;

    @BeforeAll
    static void declareTheShopsExchangeAndQueue() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(BROKER);
        try {
            consumer = factory.newConnection("merchant-notify-it");
        } catch (java.io.IOException e) {
            Brokers.missing("RabbitMQ", "no broker at " + BROKER.replaceAll(":[^:@/]*@", "@") + " (" + e
                    + "); install one with 'sudo apt-get install rabbitmq-server', or name one with -Dit.rabbitmq.uri");
        }
        channel = consumer.createChannel();
        channel.exchangeDeclare(EXCHANGE, "topic", true);
        channel.queueDeclare(QUEUE, true, false, false, null);
        channel.queueBind(QUEUE, EXCHANGE, "order.#");
    }

    @AfterAll
    static void deleteThem() throws Exception {
        if (channel != null) {
            channel.queueDelete(QUEUE);
            channel.exchangeDelete(EXCHANGE);
            consumer.close();
        }
    }

    private String newAccount() {
        String merchantNo = "MQ-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Broker shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return merchantNo;
    }

    private JsonObject destination(String merchantNo, String name, String settings) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"" + name
                + "\",\"type\":\"rabbitmq\",\"settings\":" + settings + "}");
        assertEquals(201, created.status(), created.rawBody());
        return created.data();
    }

    private void route(String merchantNo, String json) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/routes", json);
        assertEquals(201, created.status(), created.rawBody());
    }

    private long submit(String merchantNo, String orderNo, String event) {
        Answer answer = api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                + "\",\"event\":\"" + event + "\",\"payload\":{\"order_no\":\"" + orderNo
                + "\",\"amount\":\"9.90\",\"note\":\"汉字 \\\"quoted\\\"\"}}");
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    private static String settings(String uri, String exchange, String routingKey) {
        return "{\"uri\":\"" + uri + "\",\"exchange\":\"" + exchange + "\""
                + (routingKey == null ? "" : ",\"routing_key\":\"" + routingKey + "\"") + "}";
    }

    private static JsonObject lastDelivery(JsonObject notification) {
        var deliveries = notification.getJsonArray("deliveries");
        return deliveries.getJsonObject(deliveries.size() - 1);
    }

    @Test
    void everyMessageReachesTheQueueConfirmedSignedAndInTheEnvelope() throws Exception {
        String merchantNo = newAccount();
        JsonObject created = destination(merchantNo, "mq", settings(BROKER, EXCHANGE, null));
        assertFalse(created.toString().contains("guest:guest"), "the password is never shown: " + created);
        assertEquals(List.of("password"), created.getJsonArray("secret_names").getValuesAs(
                jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        String destinationKey = created.getString("destination_key");
        Answer issued = api.adminPost("merchant-secret", "{\"merchant_key\":\"" + destinationKey + "\"}");
        assertEquals(200, issued.status(), issued.rawBody());
        String secret = issued.data().getString("secret");
        route(merchantNo, "{\"event_pattern\":\"*\",\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"mq\"}]]}");

        Map<Long, String> orders = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String orderNo = uniqueOrderNo("mq") + "-" + i;
            orders.put(submit(merchantNo, orderNo, i % 2 == 0 ? "order.paid" : "order.refunded"), orderNo);
        }
        for (long id : orders.keySet()) {
            JsonObject delivered = api.awaitStatus(id, "success", WAIT);
            JsonObject attempt = lastDelivery(delivered);
            assertEquals("rabbitmq", attempt.getString("channel"), delivered.toString());
            assertEquals("mq", attempt.getString("destination"));
            assertTrue(attempt.getString("target").startsWith("amqp://guest@127.0.0.1:5672/"), attempt.toString());
            assertFalse(attempt.toString().contains("guest:guest"), attempt.toString());
        }

        Map<Long, JsonObject> read = new HashMap<>();
        Webhook verifier = new Webhook(secret);
        for (int i = 0; i < 20; i++) {
            GetResponse message = channel.basicGet(QUEUE, false);
            assertNotNull(message, "message " + (i + 1) + " of 20 is in the queue");
            String body = new String(message.getBody(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new HashMap<>();
            message.getProps().getHeaders().forEach((name, value) -> headers.put(name, List.of(value.toString())));
            assertDoesNotThrow(() -> verifier.verify(body, headers), "the signature verifies: " + body);
            assertThrows(WebhookVerificationException.class,
                    () -> new Webhook("whsec_" + "C".repeat(32)).verify(body, headers));
            JsonObject envelope = Json.createReader(new StringReader(body)).readObject();
            long id = envelope.getJsonNumber("notification_id").longValue();
            assertEquals("msg_" + id, envelope.getString("id"));
            assertEquals("msg_" + id, message.getProps().getMessageId());
            assertEquals(Integer.valueOf(2), message.getProps().getDeliveryMode(), "persistent");
            assertEquals("application/json", message.getProps().getContentType());
            assertEquals(orders.get(id), envelope.getString("order_no"));
            assertEquals(envelope.getString("event"), message.getEnvelope().getRoutingKey(), "routing key {event}");
            assertEquals(1, envelope.getInt("attempt"));
            assertNotNull(envelope.getString("created_at"));
            assertEquals("汉字 \"quoted\"", envelope.getJsonObject("payload").getString("note"));
            channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
            read.put(id, envelope);
        }
        assertEquals(orders.keySet(), read.keySet(), "each notification exactly once");
        assertEquals(null, channel.basicGet(QUEUE, false), "nothing more");

        Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/mq/test", "{}");
        assertEquals(200, test.status(), test.rawBody());
        assertTrue(test.data().getBoolean("success"), test.rawBody());
        GetResponse tested = channel.basicGet(QUEUE, true);
        assertNotNull(tested, "the test message is in the queue");
    }

    @Test
    void eachFailureHasItsKindAndTheMisconfiguredOnesAreNotRetried() {
        String merchantNo = newAccount();
        String missing = "it.missing." + RUN;
        destination(merchantNo, "unroutable", settings(BROKER, EXCHANGE, "nobody.listens.{order_no}"));
        destination(merchantNo, "no-exchange", settings(BROKER, missing, null));
        destination(merchantNo, "bad-password", settings("amqp://guest:wrong@127.0.0.1:5672/%2F", EXCHANGE, null));
        destination(merchantNo, "no-vhost", settings("amqp://guest:guest@127.0.0.1:5672/it-none-" + RUN, EXCHANGE,
                null));
        destination(merchantNo, "down", settings("amqp://guest:guest@127.0.0.1:1/%2F", EXCHANGE, null));
        Map<String, String> kinds = Map.of("unroutable", "unroutable", "no-exchange", "not_found",
                "bad-password", "auth", "no-vhost", "not_found", "down", "connect");
        for (Map.Entry<String, String> expected : kinds.entrySet()) {
            String name = expected.getKey();
            Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/" + name + "/test", "{}");
            assertEquals(200, test.status(), test.rawBody());
            assertFalse(test.data().getBoolean("success"), test.rawBody());
            assertEquals(expected.getValue(), test.data().getString("error_kind"), name + ": " + test.rawBody());
        }

        // Routed: a misconfigured destination fails at its first attempt, saying what to fix; an unroutable one is
        // retried on the schedule (the test server's: 4 attempts).
        Map<String, Long> ids = new HashMap<>();
        for (String name : List.of("unroutable", "no-exchange", "bad-password")) {
            String account = newAccount();
            JsonObject settings = api.admin("accounts/" + merchantNo + "/destinations/" + name).data()
                    .getJsonObject("settings");
            String uri = name.equals("bad-password") ? "amqp://guest:wrong@127.0.0.1:5672/%2F" : BROKER;
            destination(account, name, settings(uri, settings.getString("exchange"),
                    settings.getString("routing_key")));
            route(account, "{\"event_pattern\":\"*\",\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"" + name
                    + "\"}]]}");
            ids.put(name, submit(account, uniqueOrderNo("mq-" + name), "order.paid"));
        }
        JsonObject unroutable = api.awaitStatus(ids.get("unroutable"), "failed", WAIT);
        assertEquals(4, unroutable.getJsonArray("deliveries").size(), unroutable.toString());
        assertEquals("unroutable", lastDelivery(unroutable).getString("error_kind"));
        assertTrue(unroutable.getString("last_error").contains("312 NO_ROUTE"), unroutable.toString());

        JsonObject noExchange = api.awaitStatus(ids.get("no-exchange"), "failed", WAIT);
        assertEquals(1, noExchange.getJsonArray("deliveries").size(), noExchange.toString());
        assertEquals("not_found", lastDelivery(noExchange).getString("error_kind"));
        assertTrue(noExchange.getString("last_error").contains("exchange '" + missing + "' does not exist"),
                noExchange.toString());
        assertTrue(noExchange.getString("last_error").endsWith("(not retried)"), noExchange.toString());

        JsonObject refused = api.awaitStatus(ids.get("bad-password"), "failed", WAIT);
        assertEquals(1, refused.getJsonArray("deliveries").size(), refused.toString());
        assertEquals("auth", lastDelivery(refused).getString("error_kind"));
        assertTrue(refused.getString("last_error").contains("fix the destination's uri or password"),
                refused.toString());
    }

    @Test
    void aFailoverRouteMovesOnFromAMissingExchangeAtOnce() {
        String merchantNo = newAccount();
        destination(merchantNo, "primary", settings(BROKER, "it.gone." + RUN, null));
        destination(merchantNo, "secondary", settings(BROKER, EXCHANGE, "order.failover"));
        route(merchantNo, "{\"event_pattern\":\"*\",\"strategy\":\"failover\",\"tiers\":[[{\"destination\":"
                + "\"primary\"}],[{\"destination\":\"secondary\"}]]}");
        String orderNo = uniqueOrderNo("mq-failover");
        long id = submit(merchantNo, orderNo, "order.paid");
        JsonObject delivered = api.awaitStatus(id, "success", Duration.ofSeconds(20));
        var deliveries = delivered.getJsonArray("deliveries");
        assertEquals(2, deliveries.size(), delivered.toString());
        assertEquals("not_found", deliveries.getJsonObject(0).getString("error_kind"));
        assertEquals("secondary", deliveries.getJsonObject(1).getString("destination"));
        GetResponse message = assertDoesNotThrow(() -> channel.basicGet(QUEUE, true));
        assertNotNull(message);
        assertTrue(new String(message.getBody(), StandardCharsets.UTF_8).contains(orderNo));
    }

    @Test
    void settingsThatCannotWorkAreRefusedNamingTheField() {
        String merchantNo = newAccount();
        Map<String, String> refused = Map.of(
                "{\"uri\":\"http://127.0.0.1:5672/\"}", "settings.uri",
                "{\"uri\":\"amqp://10.0.0.9/\"}", "settings.uri",
                "{\"uri\":\"amqp://127.0.0.1/\",\"routing_key\":\"{customer}\"}", "settings.routing_key",
                "{\"uri\":\"amqp://127.0.0.1/\",\"exchange\":\"bad name\"}", "settings.exchange",
                "{\"uri\":\"amqp://127.0.0.1/\",\"queue\":\"x\"}", "settings.queue",
                "{\"exchange\":\"x\"}", "settings.uri");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Answer answer = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"d\",\"type\":"
                    + "\"rabbitmq\",\"settings\":" + bad.getKey() + "}");
            assertEquals(400, answer.status(), bad.getKey() + ": " + answer.rawBody());
            assertTrue(answer.msg().startsWith(bad.getValue()), bad.getKey() + ": " + answer.msg());
        }
        assertEquals(0, api.admin("accounts/" + merchantNo).data().getJsonArray("destinations").size());
    }
}
