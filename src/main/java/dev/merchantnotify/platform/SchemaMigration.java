package dev.merchantnotify.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with Flyway before anything else runs (the application-scope
 * {@code @Initialized} event precedes {@code Startup}). The migrations are {@code db/migration/V*.sql}, portable SQL
 * run on H2 and PostgreSQL alike, and {@code db/postgres/V*.sql} or {@code db/h2/V*.sql} where the two differ (each
 * version there exists for both, so the version numbers stay one sequence; from V14, the partitioned delivery log).
 * Several nodes starting together are safe: Flyway locks its history table.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object event) {
        String vendor = vendor();
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                // On Liberty, Flyway resolves a classpath location only through an (empty) flyway.location marker
                // file in it; db/callback, which Flyway always scans for Java callbacks, has one for that reason.
                .locations("classpath:db/migration", "classpath:db/" + vendor)
                .callbackLocations("classpath:db/migration")
                .table("merchant_notify_schema_history")
                .baselineOnMigrate(false)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info(() -> result.migrationsExecuted == 0
                ? "Database schema is up to date (version " + result.initialSchemaVersion + ")"
                : "Database schema migrated from version " + (result.initialSchemaVersion == null ? "none"
                        : result.initialSchemaVersion) + " to " + result.targetSchemaVersion + " ("
                        + result.migrationsExecuted + " migration(s))");
    }

    /** {@code postgres} or {@code h2}: the folder of the migrations that differ between the two. */
    private String vendor() {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("The database is unreachable at start-up: " + e.getMessage(), e);
        }
        if (product.toLowerCase(Locale.ROOT).contains("postgres")) {
            return "postgres";
        }
        if (product.toLowerCase(Locale.ROOT).contains("h2")) {
            return "h2";
        }
        throw new IllegalStateException("Merchant Notify runs on PostgreSQL or H2, not on " + product);
    }
}
