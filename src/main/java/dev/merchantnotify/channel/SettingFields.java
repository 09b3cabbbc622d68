package dev.merchantnotify.channel;

import dev.merchantnotify.channel.InvalidSetting.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading a destination's settings the same way in every channel. */
public final class SettingFields {

    private SettingFields() {
    }

    /**
     * A text setting, stripped: missing, {@code null} or blank is null (refused as {@link Problem#REQUIRED} when
     * {@code required}); anything but a string, or text with a line break or NUL, is refused naming
     * {@code settings.<field>}.
     */
    public static String text(JsonObject settings, String field, boolean required) {
        return text(settings, field, required, true);
    }

    /**
     * As {@link #text(JsonObject, String, boolean)}; with {@code blankAllowed} false, a blank value of an optional field
     * is refused as missing instead of taken as absent (for fields whose absence has a meaning a blank should not get
     * by accident).
     */
    public static String text(JsonObject settings, String field, boolean required, boolean blankAllowed) {
        JsonValue value = settings.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                throw new InvalidSetting("settings." + field, Problem.REQUIRED);
            }
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new InvalidSetting("settings." + field, Problem.NOT_TEXT);
        }
        if (string.getString().isBlank()) {
            if (required || !blankAllowed) {
                throw new InvalidSetting("settings." + field, Problem.REQUIRED);
            }
            return null;
        }
        if (string.getString().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new InvalidSetting("settings." + field, Problem.LINE_BREAK);
        }
        return string.getString().strip();
    }

    /** An event name as templates are keyed by it, or {@code *} for every other event. */
    private static final Pattern EVENT = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /**
     * A list of texts given as a JSON array of strings or as one comma-separated string (recipients, numbers): each
     * stripped, blanks of the text form dropped; refused naming {@code settings.<field>} (or its element) when missing,
     * empty, not text, or longer than {@code max} ({@code unit} names what it counts).
     */
    public static List<String> list(JsonObject settings, String field, int max, String unit) {
        JsonValue value = settings.get(field);
        String name = "settings." + field;
        List<String> given = new ArrayList<>();
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw new InvalidSetting(name, Problem.REQUIRED);
        }
        if (value instanceof JsonString text) {
            for (String part : text.getString().split(",")) {
                if (!part.isBlank()) {
                    given.add(part.strip());
                }
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString text)) {
                    throw new InvalidSetting(name + "[" + i + "]", Problem.NOT_TEXT);
                }
                given.add(text.getString().strip());
            }
        } else {
            throw new InvalidSetting(name, Problem.NOT_TEXT);
        }
        if (given.isEmpty()) {
            throw new InvalidSetting(name, Problem.REQUIRED);
        }
        if (given.size() > max) {
            throw new InvalidSetting(name, Problem.TOO_LONG, max + " " + unit);
        }
        return given;
    }

    /**
     * Objects keyed by event ({@code "order.paid"}, or {@code "*"}), as a channel's templates are given: empty when
     * absent; refused naming {@code settings.<field>} when not an object, with more than {@code max} events, a key
     * that is not an event name, or a value that is not an object ({@code settings.<field>.<event>}).
     */
    public static Map<String, JsonObject> byEvent(JsonObject settings, String field, int max) {
        JsonValue value = settings.get(field);
        String name = "settings." + field;
        Map<String, JsonObject> objects = new LinkedHashMap<>();
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return objects;
        }
        if (!(value instanceof JsonObject given)) {
            throw new InvalidSetting(name, Problem.NOT_OBJECT);
        }
        if (given.size() > max) {
            throw new InvalidSetting(name, Problem.TOO_LONG, max + " events");
        }
        for (Map.Entry<String, JsonValue> entry : given.entrySet()) {
            if (!EVENT.matcher(entry.getKey()).matches()) {
                throw new InvalidSetting(name, Problem.NAME_RULE, "an event name or *", entry.getKey());
            }
            if (!(entry.getValue() instanceof JsonObject object)) {
                throw new InvalidSetting(name + "." + entry.getKey(), Problem.NOT_OBJECT);
            }
            objects.put(entry.getKey(), object);
        }
        return objects;
    }
}
