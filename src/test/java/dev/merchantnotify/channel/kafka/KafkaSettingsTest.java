package dev.merchantnotify.channel.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private static final OutboundGuard GUARD = OutboundGuard.allowing("");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static CheckedSettings check(String settings, String stored) {
        return KafkaSettings.check(json(settings), json(stored), GUARD);
    }

    @Test
    void aPlainClusterKeysByOrderByDefault() {
        CheckedSettings checked = check("{\"bootstrap_servers\":\"k1.shop.example:9092, K2.shop.example:9093\","
                + "\"topic\":\"orders\"}", "{}");
        assertEquals("k1.shop.example:9092,k2.shop.example:9093", checked.plain().getString("bootstrap_servers"));
        assertEquals("{order_no}", checked.plain().getString("key"));
        assertEquals("PLAINTEXT", checked.plain().getString("security_protocol"));
        assertEquals("kafka://k1.shop.example:9092,k2.shop.example:9093 topic orders", checked.address());
        assertEquals(0, checked.secrets().size());
        KafkaSettings.Parsed parsed = KafkaSettings.parse(checked.plain());
        assertEquals(List.of(new KafkaSettings.Server("k1.shop.example", 9092),
                new KafkaSettings.Server("k2.shop.example", 9093)), parsed.servers());
        assertNull(parsed.password());
    }

    @Test
    void saslKeepsThePasswordSecretAndAChangeWithoutItKeepsTheStoredOne() {
        CheckedSettings checked = check("{\"bootstrap_servers\":\"[2001:db8::1]:9093\",\"topic\":\"orders\","
                + "\"security_protocol\":\"sasl_ssl\",\"sasl_mechanism\":\"scram-sha-512\",\"username\":\"shop\","
                + "\"password\":\"s3cret\"}", "{}");
        assertEquals("SASL_SSL", checked.plain().getString("security_protocol"));
        assertEquals("SCRAM-SHA-512", checked.plain().getString("sasl_mechanism"));
        assertEquals("shop", checked.plain().getString("username"));
        assertFalse(checked.plain().containsKey("password"));
        assertEquals("s3cret", checked.secrets().getString("password"));
        assertEquals("[2001:db8::1]:9093", checked.plain().getString("bootstrap_servers"));
        CheckedSettings changed = check("{\"bootstrap_servers\":\"k.shop.example:9093\",\"topic\":\"orders2\","
                + "\"security_protocol\":\"SASL_SSL\",\"username\":\"shop\"}", "{\"password\":\"s3cret\"}");
        assertEquals("s3cret", changed.secrets().getString("password"));
        assertEquals("PLAIN", changed.plain().getString("sasl_mechanism"));
    }

    @Test
    void refusalsNameTheFieldAndTheProblem() {
        assertProblem("{\"topic\":\"t\"}", "settings.bootstrap_servers", Problem.REQUIRED);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example\",\"topic\":\"t\"}", "settings.bootstrap_servers",
                Problem.NOT_ADDRESS);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:99999\",\"topic\":\"t\"}",
                "settings.bootstrap_servers", Problem.NOT_ADDRESS);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092,,\",\"topic\":\"t\"}",
                "settings.bootstrap_servers", Problem.NOT_ADDRESS);
        assertProblem("{\"bootstrap_servers\":\"169.254.169.254:9092\",\"topic\":\"t\"}",
                "settings.bootstrap_servers", Problem.BLOCKED);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\"}", "settings.topic", Problem.REQUIRED);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"..\"}", "settings.topic",
                Problem.NAME_RULE);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"key\":\"{x}\"}",
                "settings.key", Problem.TEMPLATE);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"security_protocol\":"
                + "\"TLS\"}", "settings.security_protocol", Problem.ONE_OF);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"security_protocol\":"
                + "\"SASL_PLAINTEXT\",\"username\":\"u\"}", "settings.password", Problem.REQUIRED);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"security_protocol\":"
                + "\"SASL_PLAINTEXT\",\"username\":\"u\",\"password\":\"p\",\"sasl_mechanism\":\"GSSAPI\"}",
                "settings.sasl_mechanism", Problem.ONE_OF);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"username\":\"u\"}",
                "settings.username", Problem.UNKNOWN_FIELD);
        assertProblem("{\"bootstrap_servers\":\"k.shop.example:9092\",\"topic\":\"t\",\"acks\":\"1\"}",
                "settings.acks", Problem.UNKNOWN_FIELD);
    }

    private static void assertProblem(String settings, String field, Problem problem) {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> check(settings, "{}"));
        assertEquals(field, refused.field(), settings);
        assertEquals(problem, refused.problem(), settings);
    }
}
