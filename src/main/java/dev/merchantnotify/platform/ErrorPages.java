package dev.merchantnotify.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error pages of the web container (web.xml {@code <error-page>}): errors raised before a request reaches the
 * REST APIs, such as 401 without credentials and 403 for a user without the role, are answered in the API envelope
 * too, never as an HTML page.
 */
@WebServlet(name = "ErrorPages", urlPatterns = "/error-page")
public class ErrorPages extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Jsonb JSON = JsonbBuilder.create();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Asked for directly, it is not a page at all.
        int status = code instanceof Integer number ? number : 404;
        String msg = switch (status) {
            case 400 -> "bad request: the request line, a header or the body could not be read";
            case 401 -> "authentication required: send the credentials of a user with the role for this path "
                    + "(HTTP Basic)";
            case 403 -> "forbidden: this user lacks the role for this path (/api: producer, /admin: admin)";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            default -> "request failed";
        };
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.toJson(new ApiResponse(status, msg, null)));
    }
}
