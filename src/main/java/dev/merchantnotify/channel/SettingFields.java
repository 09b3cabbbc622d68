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
            if (required) {
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
