package dev.merchantnotify.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EventPatternTest {

    @Test
    void anEventAPrefixOrEverything() {
        assertTrue(new EventPattern("order.paid").matches("order.paid"));
        assertFalse(new EventPattern("order.paid").matches("order.paid.partial"));
        assertTrue(new EventPattern("refund.*").matches("refund.created"));
        assertTrue(new EventPattern("refund.*").matches("refund.done.partial"));
        assertFalse(new EventPattern("refund.*").matches("refund"));
        assertFalse(new EventPattern("refund.*").matches("refunds.created"));
        assertTrue(new EventPattern("*").matches("anything"));
    }

    @Test
    void theMostSpecificPatternWins() {
        List<EventPattern> patterns = List.of(new EventPattern("*"), new EventPattern("order.*"),
                new EventPattern("order.paid.*"), new EventPattern("order.paid"));
        Function<String, Optional<EventPattern>> best = event -> EventPattern.best(patterns, p -> p, event);
        assertEquals("order.paid", best.apply("order.paid").orElseThrow().text());
        assertEquals("order.paid.*", best.apply("order.paid.partial").orElseThrow().text());
        assertEquals("order.*", best.apply("order.closed").orElseThrow().text());
        assertEquals("*", best.apply("refund.created").orElseThrow().text());
        assertTrue(EventPattern.best(List.of(new EventPattern("order.*")), p -> p, "refund.created").isEmpty());
    }

    @Test
    void onlyNamesPrefixesAndTheStarAreValid() {
        for (String valid : List.of("*", "order.paid", "refund.*", "a-b_c.d1", "order.paid.*")) {
            assertTrue(EventPattern.isValid(valid), valid);
        }
        for (String invalid : List.of("", "order.*.paid", "order..paid", ".paid", "order.", "order paid", "**",
                "order*", "x".repeat(65))) {
            assertFalse(EventPattern.isValid(invalid), invalid);
        }
    }
}
