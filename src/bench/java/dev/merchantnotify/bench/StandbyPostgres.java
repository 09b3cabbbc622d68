package dev.merchantnotify.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hot standby of the machine's PostgreSQL, as a production read replica is made: {@code pg_basebackup -R} (streaming
 * replication from 127.0.0.1:5432) into a directory of its own, started with the cluster's binaries on its own port.
 * The server processes run as the cluster's owner ({@code postgres}): through {@code runuser} when the suite runs as
 * root, else through {@code sudo -u postgres}. The primary must accept replication connections from 127.0.0.1 for
 * {@code faults.pg.user} ({@code .ci/run} adds the {@code pg_hba.conf} line where it is missing).
 */
final class StandbyPostgres implements AutoCloseable {

    private static final String OWNER = "postgres";

    private final int port;
    private final String user;
    private final Path bin;
    private final Path data;
    private final Path conf;

    private StandbyPostgres(int port, String user, String version) {
        this.port = port;
        this.user = user;
        this.bin = Path.of("/usr/lib/postgresql", version, "bin");
        // Under /tmp: the cluster's owner must be able to create and own it.
        this.data = Path.of("/tmp/merchant-notify-standby-" + port);
        this.conf = Path.of("/tmp/merchant-notify-standby-" + port + "-conf");
    }

    /**
     * Copies the primary and starts the copy as a hot standby on {@code port}; returns once it answers queries.
     * {@code version} is the cluster's major version (the binaries' directory).
     */
    static StandbyPostgres start(int port, String user, String version) throws Exception {
        StandbyPostgres standby = new StandbyPostgres(port, user, version);
        standby.create();
        standby.startServer();
        return standby;
    }

    private void create() throws Exception {
        run(List.of("rm", "-rf", data.toString()), true);
        BenchServer.deleteTree(conf);
        Files.createDirectories(conf);
        // The copy's own configuration, outside its data directory (which the cluster's owner writes).
        Files.writeString(conf.resolve("postgresql.conf"), "port = " + port + "\nlisten_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + conf + "'\nhot_standby = on\n" + primarySettings()
                + "hba_file = '" + conf.resolve("pg_hba.conf") + "'\nident_file = '" + conf.resolve("pg_ident.conf")
                + "'\n");
        Files.writeString(conf.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        Files.writeString(conf.resolve("pg_ident.conf"), "");
        conf.toFile().setWritable(true, false);
        run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", "5432", "-U", user,
                "-D", data.toString(), "-X", "stream", "-R", "-c", "fast"), true);
    }

    /** The settings a standby may not have lower than its primary's (else it refuses to replay), as the primary's. */
    private String primarySettings() throws SQLException {
        StringBuilder lines = new StringBuilder();
        try (Connection primary = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", user, "");
             Statement sql = primary.createStatement()) {
            for (String name : List.of("max_connections", "max_worker_processes", "max_wal_senders",
                    "max_prepared_transactions", "max_locks_per_transaction")) {
                try (ResultSet value = sql.executeQuery("SHOW " + name)) {
                    value.next();
                    lines.append(name).append(" = ").append(value.getString(1)).append('\n');
                }
            }
        }
        return lines.toString();
    }

    /** Starts the standby (again, after {@link #stop}: where it was) and waits until it answers. */
    void startServer() throws Exception {
        pgCtl(true, "-l", data.resolve("standby.log").toString(), "-o",
                "-c config_file=" + conf.resolve("postgresql.conf"), "-w", "-t", "60", "start");
    }

    /** Stops the standby ({@code pg_ctl stop -m fast}). */
    void stop() throws Exception {
        pgCtl(true, "-m", "fast", "-w", "stop");
    }

    /** How many sessions of {@code applicationName} the standby has open to {@code database}. */
    int sessions(String database, String applicationName) throws SQLException {
        return sessions(url(database), user, database, applicationName);
    }

    /** Whether the standby is in recovery (a standby), as it should be. */
    boolean inRecovery(String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database), user, "");
             Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT pg_is_in_recovery()")) {
            return result.next() && result.getBoolean(1);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws Exception {
        try {
            pgCtl(false, "-m", "immediate", "stop");
        } finally {
            run(List.of("rm", "-rf", data.toString()), true);
            BenchServer.deleteTree(conf);
        }
    }

    /** How many sessions of {@code applicationName} the server at {@code jdbcUrl} has open to {@code database}. */
    static int sessions(String jdbcUrl, String user, String database, String applicationName) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             var select = connection.prepareStatement(
                     "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            select.setString(1, database);
            select.setString(2, applicationName);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** {@code pg_ctl -D <data> args…} as the cluster's owner. */
    private void pgCtl(boolean mustSucceed, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString()));
        command.addAll(List.of(args));
        run(command, mustSucceed);
    }

    private static void run(List<String> command, boolean mustSucceed) throws Exception {
        List<String> asOwner = new ArrayList<>("root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", OWNER, "--") : List.of("sudo", "-n", "-u", OWNER));
        asOwner.addAll(command);
        Process process = new ProcessBuilder(asOwner).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", asOwner) + " did not end within 120 s: " + output);
        }
        if (mustSucceed && process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", asOwner) + " failed (" + process.exitValue() + "): "
                    + output);
        }
    }
}
