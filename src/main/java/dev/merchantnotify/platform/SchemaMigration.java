package dev.merchantnotify.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema up to date with Flyway before anything else runs (the application-scope
 * {@code @Initialized} event precedes {@code Startup}). The migrations are {@code db/migration/V*.sql}: portable SQL,
 * the same on H2 and PostgreSQL. Several nodes starting together are safe: Flyway locks its history table.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object event) {
        Flyway flyway = Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(dataSource)
                // On Liberty, Flyway resolves a classpath location only through an (empty) flyway.location marker
                // file in it; db/callback, which Flyway always scans for Java callbacks, has one for that reason.
                .locations("classpath:db/migration")
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
}
