package dev.merchantnotify.platform;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.Map;

/**
 * Request bodies as JSON, read with limits and refused with messages that say what is wrong: the content type, the
 * size, the syntax, and each field's presence and type.
 */
public final class JsonBody {

    /** Looked up once: {@code Json.createReader} looks the JSON-P provider up on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    /** Arrays and objects nested deeper than this are refused before parsing (the parser recurses per level). */
    public static final int MAX_DEPTH = 64;

    private JsonBody() {
    }

    /** How deeply arrays and objects nest in a JSON text (brackets inside strings do not count). */
    static int depth(byte[] json) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                deepest = Math.max(deepest, ++depth);
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return deepest;
    }

    /**
     * Reads a JSON body of at most {@code maxBytes}.
     *
     * @param wrongTypeStatus the status for a body that is not {@code application/json} (400 or 415)
     */
    public static JsonValue read(String contentType, InputStream body, int maxBytes, int wrongTypeStatus) {
        if (!isJson(contentType)) {
            throw new ApiException(wrongTypeStatus, "Content-Type must be application/json"
                    + (contentType == null ? "" : ", not " + ApiException.quote(contentType)) + " (UTF-8)");
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read");
        }
        if (bytes.length > maxBytes) {
            throw new ApiException(413, "the request body is larger than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request body is empty; a JSON object is expected");
        }
        if (depth(bytes) > MAX_DEPTH) {
            throw ApiException.badRequest("the JSON is nested more than " + MAX_DEPTH + " levels deep");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8");
        }
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            throw ApiException.badRequest("malformed JSON at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber());
        } catch (JsonException e) {
            throw ApiException.badRequest("malformed JSON: " + ApiException.quote(e.getMessage()));
        }
    }

    /** Reads a JSON object body of at most {@code maxBytes}. */
    public static JsonObject readObject(String contentType, InputStream body, int maxBytes, int wrongTypeStatus) {
        JsonValue value = read(contentType, body, maxBytes, wrongTypeStatus);
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        return value.asJsonObject();
    }

    /** A string field; null if absent or JSON null. */
    public static String optionalString(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonString text) {
            if (QueryParameterCheck.hasControl(text.getString())) {
                throw ApiException.badRequest(name + " contains control characters");
            }
            return text.getString();
        }
        throw ApiException.badRequest(name + " must be a string, not " + typeOf(value));
    }

    /** A whole-number field; null if absent or JSON null. */
    public static Long optionalLong(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.bigIntegerValueExact().longValueExact();
            } catch (ArithmeticException e) {
                throw ApiException.badRequest(name + " is out of range: " + number);
            }
        }
        throw ApiException.badRequest(name + " must be a whole number, not " + typeOf(value));
    }

    /** A boolean field; null if absent or JSON null. */
    public static Boolean optionalBoolean(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw ApiException.badRequest(name + " must be true or false, not " + typeOf(value));
    }

    /** An object field; null if absent or JSON null. */
    public static JsonObject optionalObject(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        throw ApiException.badRequest(name + " must be a JSON object, not " + typeOf(value));
    }

    /** An array field; null if absent or JSON null. */
    public static JsonArray optionalArray(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            return value.asJsonArray();
        }
        throw ApiException.badRequest(name + " must be an array, not " + typeOf(value));
    }

    private static String typeOf(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "a string (" + ApiException.quote(((JsonString) value).getString()) + ")";
            case NUMBER -> "a fraction (" + value + ")";
            case TRUE, FALSE -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            return type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()
                    && !type.isWildcardSubtype() && (charset == null || charset.equalsIgnoreCase("utf-8"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
