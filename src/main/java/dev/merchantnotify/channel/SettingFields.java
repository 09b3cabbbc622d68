package dev.merchantnotify.channel;

import dev.merchantnotify.channel.InvalidSetting.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

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
}
