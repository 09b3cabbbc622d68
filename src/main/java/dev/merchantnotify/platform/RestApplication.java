package dev.merchantnotify.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The one JAX-RS application of the WAR: the producers' API under {@code /api} and the operators' under
 * {@code /admin} (each resource's {@code @Path} names its prefix; web.xml gives each prefix its role).
 * One application, because Liberty's OpenAPI generator attaches resources to the wrong application when a WAR has
 * several.
 */
@ApplicationPath("")
public class RestApplication extends Application {
}
