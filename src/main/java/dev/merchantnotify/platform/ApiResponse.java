package dev.merchantnotify.platform;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The envelope of every API answer, success or error: {@code {"code": 202, "msg": "accepted", "data": {...}}}.
 * {@code code} repeats the HTTP status so that scripts reading only the body still know the outcome.
 */
@JsonbPropertyOrder({"code", "msg", "data"})
public record ApiResponse(int code, String msg, Object data) {

    public static Response of(Response.Status status, String msg, Object data) {
        return Response.status(status).entity(new ApiResponse(status.getStatusCode(), msg, data)).build();
    }

    /** A refusal or failure: the envelope without data, as JSON whatever the request accepted. */
    public static Response error(int status, String msg) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiResponse(status, msg, null))
                .build();
    }

    public static Response ok(String msg, Object data) {
        return of(Response.Status.OK, msg, data);
    }
}
