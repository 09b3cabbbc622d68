package dev.merchantnotify.platform;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Request bodies as JSON, read with limits and refused with messages that say what is wrong: the content type, the
 * size, the syntax, and each field's presence and type.
 */
public final class JsonBody {

    /** Looked up once: {@code Json.createReader} looks the JSON-P provider up on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private JsonBody() {
    }

    /**
     * Reads a JSON body of at most {@code maxBytes}.
     *
     * @param wrongTypeStatus the status for a body that is not {@code application/json} (400 or 415)
     */
    public static JsonValue read(String contentType, InputStream body, int maxBytes, int wrongTypeStatus) {
        if (!isJson(contentType)) {
            throw new ApiException(wrongTypeStatus, "Content-Type must be application/json"
                    + (contentType == null ? "" : ", not " + ApiException.quote(contentType)));
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
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
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
            return type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()
                    && !type.isWildcardSubtype();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
