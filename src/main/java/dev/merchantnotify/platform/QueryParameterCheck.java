package dev.merchantnotify.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query parameter holding a control character (a NUL byte, say) before any resource sees it: no parameter of
 * the APIs may contain one, and PostgreSQL cannot even compare text with a NUL in it.
 */
@Provider
public class QueryParameterCheck implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (hasControl(parameter.getKey()) || parameter.getValue().stream().anyMatch(QueryParameterCheck::hasControl)) {
                throw ApiException.badRequest("query parameter " + ApiException.quote(parameter.getKey().replaceAll(
                        "\\p{Cntrl}", "?")) + " contains control characters");
            }
        }
    }

    static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
