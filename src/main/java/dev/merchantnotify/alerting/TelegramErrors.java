package dev.merchantnotify.alerting;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns Telegram's error answers ({@code {"ok":false,"error_code":…,"description":"…"}}) into a {@link TelegramException}. */
public class TelegramErrors implements ResponseExceptionMapper<TelegramException> {

    /** The longest part of Telegram's description kept in an alert's error. */
    private static final int MAX_DESCRIPTION = 200;

    @Override
    public TelegramException toThrowable(Response response) {
        int status = response.getStatus();
        String description = description(response);
        return status == 429 || status >= 500
                ? new TelegramException.Unavailable(status, description)
                : new TelegramException.Rejected(status, description);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    private static String description(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                JsonObject json = reader.readObject();
                String text = json.getString("description", null);
                return text == null ? null : text.substring(0, Math.min(text.length(), MAX_DESCRIPTION));
            } catch (JsonException | ClassCastException notJson) {
                return null;
            }
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
