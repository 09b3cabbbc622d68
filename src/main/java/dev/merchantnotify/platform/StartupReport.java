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

    @Resource(lookup = "jdbc/merchantNotifyRead")
    DataSource readSource;

    @Inject
    RedisConnection redis;

    @Inject
    @ConfigProperty(name = "DB_TYPE", defaultValue = "h2")
    String dbType;

    void report(@Observes Startup startup) {
        if (!DB_TYPES.contains(dbType)) {
            throw new IllegalStateException("DB_TYPE must be h2 or postgres, not '" + dbType + "'");
        }
        String database = describeDatabase();
        LOG.info(() -> "Database: " + database);
        reportReads(database);
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

    /**
     * Says where analysis and the figures read. A read replica that cannot be reached does not stop the node (delivery
     * never reads it): a warning says so, and those reads fail until it answers.
     */
    private void reportReads(String database) {
        try (Connection connection = readSource.getConnection()) {
            // Host, port and database: the two pools' URLs differ in their parameters (each its application name).
            String url = connection.getMetaData().getURL().split("\\?")[0];
            if (database.contains(" at " + url + " ") || database.contains(" at " + url + "?")) {
                LOG.info("Reads for analysis and figures: the same database");
            } else {
                String reads = "Reads for analysis and figures: " + url + " (PG_READ_HOST)" + standby(connection);
                LOG.info(reads);
            }
        } catch (SQLException e) {
            LOG.warning(() -> "The read database (PG_READ_HOST) is unreachable at start-up; analysis and figures fail "
                    + "until it answers: " + e.getMessage());
        }
    }

    private static String standby(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            return result.next() && result.getBoolean(1) ? ", a standby" : ", not a standby: it may be the primary";
        }
    }
}
