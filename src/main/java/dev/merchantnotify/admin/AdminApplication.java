package dev.merchantnotify.admin;

import dev.merchantnotify.platform.ApiExceptionMapper;
import dev.merchantnotify.platform.JsonbConfiguration;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The operators' REST API under {@code /admin} (role {@code admin}, see web.xml). */
@ApplicationPath("admin")
public class AdminApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AdminResource.class, ApiExceptionMapper.class, JsonbConfiguration.class);
    }
}
