package dev.merchantnotify.alerting;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The one Telegram Bot API method alerts use, as a MicroProfile Rest Client interface; built by {@link TelegramBot}
 * with the base URL and timeouts of {@link AlertSettings}.
 */
@Path("/bot{token}")
@RegisterProvider(TelegramErrors.class)
public interface TelegramBotApi {

    /**
     * {@code sendMessage} with {@code chat_id} and {@code text} (plain text: no parse mode, so nothing in an alert
     * needs escaping). Telegram answers {@code {"ok":true,"result":{…}}}.
     */
    @POST
    @Path("/sendMessage")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject sendMessage(@PathParam("token") String token, JsonObject message);
}
