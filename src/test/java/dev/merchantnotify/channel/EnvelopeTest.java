package dev.merchantnotify.channel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.standardwebhooks.Webhook;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.signing.SignType;
import dev.merchantnotify.signing.SigningKeys;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final Instant NOW = Instant.now();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static Attempt attempt() {
        return new Attempt(42, "BY\"1", "order.paid", "{\"amount\":\"9.90\",\"note\":\"汉字\"}", 3,
                Instant.parse("2026-12-03T08:00:00Z"),
                new Target("0123456789abcdef", "kafka", "kafka://x", DeliveryFormat.JSON, null));
    }

    @Test
    void theEnvelopeCarriesTheNotificationAndItsPayloadAsJson() {
        Envelope envelope = Envelope.of(attempt(), null, NOW);
        JsonObject body = Json.createReader(new StringReader(envelope.body())).readObject();
        assertEquals("msg_42", body.getString("id"));
        assertEquals(42, body.getInt("notification_id"));
        assertEquals("order.paid", body.getString("event"));
        assertEquals("BY\"1", body.getString("order_no"));
        assertEquals(3, body.getInt("attempt"));
        assertEquals("2026-12-03T08:00:00Z", body.getString("created_at"));
        assertEquals("汉字", body.getJsonObject("payload").getString("note"));
        assertEquals(Map.of("webhook-id", "msg_42"), envelope.headers(), "unsigned without a secret");
    }

    @Test
    void withASecretItVerifiesWithTheStandardWebhooksLibraryUnderEachValidSecret() {
        String previous = "whsec_" + "A".repeat(32);
        SigningKeys keys = new SigningKeys(SignType.MD5, SECRET, previous, NOW.plusSeconds(3600));
        Envelope envelope = Envelope.of(attempt(), keys, NOW);
        Map<String, List<String>> headers = envelope.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        assertEquals(2, envelope.headers().get("webhook-signature").split(" ").length);
        assertDoesNotThrow(() -> new Webhook(SECRET).verify(envelope.body(), headers));
        assertDoesNotThrow(() -> new Webhook(previous).verify(envelope.body(), headers));
        assertFalse(envelope.headers().get("webhook-signature").contains(SECRET));
    }
}
