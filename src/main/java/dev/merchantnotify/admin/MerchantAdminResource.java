package dev.merchantnotify.admin;

import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.NotifyUrl;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.platform.ApiResponse;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Merchants' status and breaker reset, by {@code notify_url}. */
@Path("merchant-notify")
@Produces(MediaType.APPLICATION_JSON)
public class MerchantAdminResource {

    @Inject
    MerchantRegistry registry;

    @GET
    @Path("merchant-status")
    public Response merchantStatus(@QueryParam("notify_url") String notifyUrl) {
        MerchantKey key = keyOf(notifyUrl);
        return ApiResponse.ok("ok", MerchantStatusView.of(registry.read(key.value()), notifyUrl));
    }

    @POST
    @Path("reset-circuit-breaker")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response resetCircuitBreaker(JsonObject body) {
        JsonValue url = body == null ? null : body.get("notify_url");
        String notifyUrl = url instanceof JsonString text ? text.getString() : null;
        MerchantKey key = keyOf(notifyUrl);
        return ApiResponse.ok("circuit breaker reset", MerchantStatusView.of(registry.reset(key.value(), notifyUrl),
                notifyUrl));
    }

    private static MerchantKey keyOf(String notifyUrl) {
        if (notifyUrl == null || notifyUrl.isBlank()) {
            throw ApiException.badRequest("notify_url is required");
        }
        try {
            return MerchantKey.of(NotifyUrl.parse(notifyUrl));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("notify_url " + e.getMessage());
        }
    }
}
