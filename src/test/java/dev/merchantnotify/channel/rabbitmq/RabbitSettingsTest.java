package dev.merchantnotify.channel.rabbitmq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class RabbitSettingsTest {

    private static final OutboundGuard GUARD = OutboundGuard.allowing("");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static CheckedSettings check(String settings, String stored) {
        return RabbitSettings.check(json(settings), json(stored), GUARD);
    }

    @Test
    void aUriWithCredentialsKeepsThePasswordSecretAndShowsTheRest() {
        CheckedSettings checked = check("{\"uri\":\"amqps://shop:p%40ss@mq.shop.example/prod\",\"exchange\":"
                + "\"orders\",\"routing_key\":\"shop.{event}\"}", "{}");
        assertEquals("amqps://shop@mq.shop.example:5671/prod", checked.plain().getString("uri"));
        assertEquals("orders", checked.plain().getString("exchange"));
        assertEquals("shop.{event}", checked.plain().getString("routing_key"));
        assertEquals("p@ss", checked.secrets().getString("password"));
        assertEquals("amqps://shop@mq.shop.example:5671/prod exchange orders", checked.address());

        JsonObject merged = Json.createObjectBuilder(checked.plain()).add("password", "p@ss").build();
        RabbitSettings.Parsed parsed = RabbitSettings.parse(merged);
        assertTrue(parsed.tls());
        assertEquals("prod", parsed.vhost());
        assertEquals("shop", parsed.user());
        assertEquals("p@ss", parsed.password());
        assertEquals(5671, parsed.port());
    }

    @Test
    void defaultsAreTheDefaultVhostPortExchangeAndEventRoutingKey() {
        CheckedSettings checked = check("{\"uri\":\"amqp://mq.shop.example\"}", "{}");
        assertEquals("amqp://guest@mq.shop.example:5672/%2F", checked.plain().getString("uri"));
        assertEquals("", checked.plain().getString("exchange"));
        assertEquals("{event}", checked.plain().getString("routing_key"));
        assertTrue(checked.secrets().isEmpty());
        RabbitSettings.Parsed parsed = RabbitSettings.parse(checked.plain());
        assertEquals("/", parsed.vhost());
        assertNull(parsed.password());
    }

    @Test
    void aPasswordLeftOutOnAChangeKeepsTheStoredOne() {
        CheckedSettings changed = check("{\"uri\":\"amqp://shop@mq.shop.example/prod\",\"exchange\":\"orders2\"}",
                "{\"password\":\"kept\"}");
        assertEquals("kept", changed.secrets().getString("password"));
        CheckedSettings replaced = check("{\"uri\":\"amqp://shop@mq.shop.example/prod\",\"password\":\"new\"}",
                "{\"password\":\"kept\"}");
        assertEquals("new", replaced.secrets().getString("password"));
    }

    @Test
    void refusalsNameTheFieldAndTheProblem() {
        assertProblem("{\"uri\":\"http://mq.shop.example\"}", "settings.uri", Problem.NOT_ADDRESS);
        assertProblem("{\"uri\":\"amqp://mq.shop.example/a/b\"}", "settings.uri", Problem.NOT_ADDRESS);
        assertProblem("{\"uri\":\"amqp://mq.shop.example/?heartbeat=5\"}", "settings.uri", Problem.NOT_ADDRESS);
        assertProblem("{\"uri\":\"amqp://192.168.1.9/\"}", "settings.uri", Problem.BLOCKED);
        assertProblem("{}", "settings.uri", Problem.REQUIRED);
        assertProblem("{\"uri\":\"amqp://mq.shop.example\",\"exchange\":\"a b\"}", "settings.exchange",
                Problem.NAME_RULE);
        assertProblem("{\"uri\":\"amqp://mq.shop.example\",\"exchange\":\"amq.rabbitmq.log\"}", "settings.exchange",
                Problem.NAME_RULE);
        assertProblem("{\"uri\":\"amqp://mq.shop.example\",\"routing_key\":\"{merchant}\"}", "settings.routing_key",
                Problem.TEMPLATE);
        assertProblem("{\"uri\":\"amqp://mq.shop.example\",\"routing_key\":\"" + "k".repeat(256) + "\"}",
                "settings.routing_key", Problem.TOO_LONG);
        assertProblem("{\"uri\":\"amqp://u:p@mq.shop.example\",\"password\":\"q\"}", "settings.password",
                Problem.DUPLICATE);
        assertProblem("{\"uri\":\"amqp://mq.shop.example\",\"queue\":\"q\"}", "settings.queue",
                Problem.UNKNOWN_FIELD);
    }

    private static void assertProblem(String settings, String field, Problem problem) {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> check(settings, "{}"));
        assertEquals(field, refused.field(), settings);
        assertEquals(problem, refused.problem(), settings);
    }
}
