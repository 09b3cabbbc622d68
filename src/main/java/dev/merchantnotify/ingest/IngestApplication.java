package dev.merchantnotify.ingest;

import dev.merchantnotify.platform.ApiExceptionMapper;
import dev.merchantnotify.platform.JsonbConfiguration;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The producers' REST API under {@code /api} (role {@code producer}, see web.xml). */
@ApplicationPath("api")
public class IngestApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(NotificationResource.class, ApiExceptionMapper.class, JsonbConfiguration.class);
    }
}
