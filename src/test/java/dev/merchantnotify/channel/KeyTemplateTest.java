package dev.merchantnotify.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyTemplateTest {

    private static Attempt attempt(String payload) {
        return new Attempt(42, "BY-7", "order.paid", payload, 1, Instant.EPOCH,
                new Target("0123456789abcdef", "rabbitmq", "amqp://x", DeliveryFormat.JSON, null));
    }

    @Test
    void placeholdersTakeTheNotificationsFieldsAndTopLevelPayloadScalars() {
        Attempt attempt = attempt("{\"shop\":\"s-1\",\"amount\":9.90,\"vip\":true,\"items\":[1],\"none\":null}");
        assertEquals("order.paid", KeyTemplate.parse("k", "{event}").render(attempt));
        assertEquals("shops.s-1.order.paid.BY-7.42", KeyTemplate.parse("k",
                "shops.{payload.shop}.{event}.{order_no}.{notification_id}").render(attempt));
        assertEquals("9.90/true//", KeyTemplate.parse("k", "{payload.amount}/{payload.vip}/{payload.items}/"
                + "{payload.none}").render(attempt));
        assertEquals("missing=", KeyTemplate.parse("k", "missing={payload.nope}").render(attempt));
        assertEquals("fixed.key", KeyTemplate.parse("k", "fixed.key").render(attempt));
        assertEquals("{literal}", KeyTemplate.parse("k", "{{literal}}").render(attempt));
    }

    @Test
    void somethingItCannotReadIsRefusedNamingIt() {
        InvalidSetting unknown = assertThrows(InvalidSetting.class, () -> KeyTemplate.parse("settings.key", "a.{shop}"));
        assertEquals("settings.key", unknown.field());
        assertEquals(InvalidSetting.Problem.TEMPLATE, unknown.problem());
        assertEquals("{shop}", unknown.arguments()[0]);
        assertEquals("{payload.", assertThrows(InvalidSetting.class,
                () -> KeyTemplate.parse("k", "x.{payload.")).arguments()[0]);
        assertEquals("}", assertThrows(InvalidSetting.class, () -> KeyTemplate.parse("k", "x}")).arguments()[0]);
        assertEquals("{payload.}", assertThrows(InvalidSetting.class,
                () -> KeyTemplate.parse("k", "{payload.}")).arguments()[0]);
    }
}
