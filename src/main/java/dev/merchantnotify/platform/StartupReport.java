package dev.merchantnotify.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Checks the deployment choices at start-up and says in the log which database and which Redis this node uses. */
@ApplicationScoped
public class StartupReport {

    private static final Logger LOG = Logger.getLogger(StartupReport.class.getName());
    private static final Set<String> DB_TYPES = Set.of("h2", "postgres");

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "DB_TYPE", defaultValue = "h2")
    String dbType;

    void report(@Observes Startup startup) {
        if (!DB_TYPES.contains(dbType)) {
            throw new IllegalStateException("DB_TYPE must be h2 or postgres, not '" + dbType + "'");
        }
        LOG.info(() -> "Database: " + describeDatabase());
        LOG.info(() -> "Redis: " + redis.description());
    }

    private String describeDatabase() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at " + meta.getURL()
                    + " (DB_TYPE=" + dbType + ")";
        } catch (SQLException e) {
            throw new IllegalStateException("The database (DB_TYPE=" + dbType + ") is unreachable at start-up: "
                    + e.getMessage(), e);
        }
    }
}
