package dev.merchantnotify.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerDestinationTest {

    private final AtomicInteger made = new AtomicInteger();
    private final List<String> retired = new ArrayList<>();
    private final PerDestination<String> held = new PerDestination<>((key, settings) -> {
        if (settings.containsKey("broken")) {
            throw new IllegalArgumentException("unusable settings");
        }
        return key + "#" + made.incrementAndGet();
    }, retired::add);

    private static Target target(String key, String topic) {
        JsonObject settings = Json.createObjectBuilder().add("topic", topic).build();
        return new Target(key, "kafka", "kafka://127.0.0.1:9092 topic " + topic, DeliveryFormat.JSON, settings);
    }

    @Test
    void oneResourcePerDestinationIsMadeOnFirstUseAndKeptWhileItsSettingsStayEqual() {
        String first = held.of(target("a", "orders"));
        assertEquals("a#1", first);
        assertSame(first, held.of(target("a", "orders")), "equal settings in a new object keep the resource");
        assertEquals("b#2", held.of(target("b", "orders")));
        assertEquals(2, made.get());
        assertTrue(retired.isEmpty());
    }

    @Test
    void changedSettingsMakeANewResourceAndRetireTheOldOne() {
        held.of(target("a", "orders"));
        String changed = held.of(target("a", "payments"));
        assertEquals("a#2", changed);
        assertEquals(List.of("a#1"), retired);
        assertSame(changed, held.of(target("a", "payments")));
    }

    @Test
    void retainOnlyRetiresDestinationsThatWentOrChangedAndKeepsTheRest() {
        held.of(target("a", "orders"));
        held.of(target("b", "orders"));
        held.of(target("c", "orders"));
        held.retainOnly(List.of(target("a", "orders"), target("b", "refunds")));
        assertEquals(List.of("b#2", "c#3"), retired.stream().sorted().toList());
        assertEquals(List.of("a#1"), held.all());
        assertEquals("b#4", held.of(target("b", "refunds")), "made again at its new settings on next use");
    }

    @Test
    void settingsThatCannotBeUsedFailTheCallAndHoldNothing() {
        Target broken = new Target("x", "kafka", "?", DeliveryFormat.JSON,
                Json.createObjectBuilder().add("broken", true).build());
        assertThrows(IllegalArgumentException.class, () -> held.of(broken));
        assertTrue(held.all().isEmpty());
        assertEquals("x#1", held.of(target("x", "orders")));
    }
}
