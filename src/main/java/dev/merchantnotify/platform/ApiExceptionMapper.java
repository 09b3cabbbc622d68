package dev.merchantnotify.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that reaches the API into the {@code {"code","msg","data"}} envelope. No stack trace ever
 * reaches a client: unexpected errors are logged here with an id that the answer repeats.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

    @Context
    Request request;

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof ApiException api) {
            return envelope(api.status(), api.getMessage());
        }
        if (exception instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return envelope(status, describe(status));
        }
        if (isDatabaseUnavailable(exception)) {
            LOG.log(Level.WARNING, "Database unavailable: {0}", rootMessage(exception));
            // A read (the figures may come from the read replica) changed nothing either way.
            boolean read = request != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
            return envelope(503, read ? "database unavailable: try again shortly"
                    : "database unavailable, nothing was stored: try again shortly");
        }
        String incident = Long.toHexString(System.nanoTime());
        LOG.log(Level.SEVERE, "Unexpected error, incident " + incident, exception);
        return envelope(500, "internal error (incident " + incident + "); nothing was stored");
    }

    private static Response envelope(int status, String msg) {
        return ApiResponse.error(status, msg);
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "only application/json answers are available";
            case 415 -> "unsupported content type";
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase()
                    : "request failed";
        };
    }

    /**
     * A connection that could not be had or was ended by the server (SQLState class 08; 57P01-57P03: the server shutting
     * down, crashed or starting), or the pool's own "no connection" error.
     */
    static boolean isDatabaseUnavailable(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
            if (t.getClass().getName().equals("jakarta.resource.ResourceException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
