package dev.merchantnotify.channel;

import dev.merchantnotify.channel.InvalidSetting.Problem;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Text a channel builds per message from the notification (a RabbitMQ routing key, a Kafka record key, an email's
 * subject and body): text
 * with placeholders {@code {event}}, {@code {order_no}}, {@code {notification_id}} and {@code {payload.NAME}} (a
 * top-level field of the payload: a string, number or boolean as written; anything else, or a missing field, is
 * empty). Everything else is kept as it is; {@code {{} and {@code }}} stand for braces.
 */
public final class KeyTemplate {

    /** What an operator may write between braces, for refusals. */
    public static final String PLACEHOLDERS = "{event}, {order_no}, {notification_id}, {payload.NAME}";
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private sealed interface Part permits Literal, Field, PayloadField {
    }

    private record Literal(String text) implements Part {
    }

    private record Field(String name) implements Part {
    }

    private record PayloadField(String name) implements Part {
    }

    private final String source;
    private final List<Part> parts;
    private final boolean readsPayload;

    private KeyTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.readsPayload = parts.stream().anyMatch(PayloadField.class::isInstance);
    }

    /**
     * Reads a template.
     *
     * @param field the setting's name, for the refusal
     * @throws InvalidSetting ({@link Problem#TEMPLATE}) naming what is wrong
     */
    public static KeyTemplate parse(String field, String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '{' && source.startsWith("{{", i) || c == '}' && source.startsWith("}}", i)) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                if (end < 0) {
                    throw new InvalidSetting(field, Problem.TEMPLATE, source.substring(i), PLACEHOLDERS);
                }
                String name = source.substring(i + 1, end);
                Part part = switch (name) {
                    case "event", "order_no", "notification_id" -> new Field(name);
                    default -> name.startsWith("payload.") && name.length() > "payload.".length()
                            && name.indexOf('{') < 0
                            ? new PayloadField(name.substring("payload.".length())) : null;
                };
                if (part == null) {
                    throw new InvalidSetting(field, Problem.TEMPLATE, "{" + name + "}", PLACEHOLDERS);
                }
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(part);
                i = end + 1;
            } else if (c == '}') {
                throw new InvalidSetting(field, Problem.TEMPLATE, "}", PLACEHOLDERS);
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new KeyTemplate(source, parts);
    }

    /** The key of one attempt. */
    public String render(Attempt attempt) {
        return render(attempt, UnaryOperator.identity());
    }

    /**
     * The text of one attempt, each value taken from the notification passed through {@code escape} first (an HTML
     * body's values are escaped; the template's own text is not).
     */
    public String render(Attempt attempt, UnaryOperator<String> escape) {
        if (parts.size() == 1 && parts.get(0) instanceof Literal literal) {
            return literal.text();
        }
        Map<String, String> payload = readsPayload ? scalars(attempt.payload()) : Map.of();
        StringBuilder key = new StringBuilder(32);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                key.append(literal.text());
            } else if (part instanceof PayloadField field) {
                key.append(escape.apply(payload.getOrDefault(field.name(), "")));
            } else {
                key.append(escape.apply(switch (((Field) part).name()) {
                    case "event" -> attempt.event();
                    case "order_no" -> attempt.orderNo();
                    default -> String.valueOf(attempt.notificationId());
                }));
            }
        }
        return key.toString();
    }

    /** The template as the operator wrote it. */
    @Override
    public String toString() {
        return source;
    }

    /**
     * A payload's top-level fields that are strings, numbers or booleans, as written, in the payload's order (what
     * {@code {payload.NAME}} reads; nested objects and arrays, and nulls, are left out).
     */
    public static Map<String, String> scalars(String payloadJson) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        try (JsonParser parser = PARSERS.createParser(new StringReader(payloadJson))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                return fields;
            }
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String name = parser.getString();
                switch (parser.next()) {
                    case VALUE_STRING, VALUE_NUMBER -> fields.put(name, parser.getString());
                    case VALUE_TRUE -> fields.put(name, "true");
                    case VALUE_FALSE -> fields.put(name, "false");
                    case START_OBJECT -> parser.skipObject();
                    case START_ARRAY -> parser.skipArray();
                    default -> {
                        // null: empty
                    }
                }
            }
        }
        return fields;
    }
}
