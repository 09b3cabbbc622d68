package dev.merchantnotify.admin;

import dev.merchantnotify.operator.Refusal;
import dev.merchantnotify.platform.ApiResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An operator service's refusal as the API's envelope: {@code 404} when what the request names does not exist,
 * {@code 400} otherwise, with the English text.
 */
@Provider
public class RefusalMapper implements ExceptionMapper<Refusal> {

    @Override
    public Response toResponse(Refusal refusal) {
        return ApiResponse.error(refusal.reason().missing() ? 404 : 400, refusal.getMessage());
    }
}
