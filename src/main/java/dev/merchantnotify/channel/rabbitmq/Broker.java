package dev.merchantnotify.channel.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.security.OutboundGuard;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * One broker connection (an address, a virtual host and credentials), shared by every destination that uses them.
 * Opened on first use and again after it closed, at most once per {@link #RECONNECT_PAUSE_MILLIS}: in between, a
 * publish fails at once with the last connection failure (a broker that is down is not hammered). While the broker
 * blocks publishers (a memory or disk alarm) publishing fails at once as {@link FailureKind#THROTTLED}. Not recovered
 * automatically: what was in flight when it closed fails, and dispatch retries it.
 */
final class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());
    /** The shortest time between two attempts to connect to the same broker. */
    static final long RECONNECT_PAUSE_MILLIS = 1_000;
    /** Heartbeats keep the connection through idle firewalls, and find a broker that vanished. */
    private static final int HEARTBEAT_SECONDS = 30;

    /** What a broker connection runs on, shared by all of them. */
    record Io(ThreadFactory threads, ExecutorService work, ScheduledExecutorService timers, long connectMillis,
              long handshakeMillis) {
    }

    private final RabbitSettings.Parsed settings;
    private final OutboundGuard guard;
    private final Io io;
    private volatile Connection connection;
    private volatile String blockedReason;
    private volatile boolean retired;
    private long lastFailureAt;
    private Failure lastFailure;

    Broker(RabbitSettings.Parsed settings, OutboundGuard guard, Io io) {
        this.settings = settings;
        this.guard = guard;
        this.io = io;
    }

    /** The open connection, opened now if there is none (on the caller's thread: a channel's work thread). */
    synchronized Connection connection() throws Failure {
        if (retired) {
            throw new Failure(FailureKind.NETWORK, "the destination's broker settings changed; tried again");
        }
        Connection open = connection;
        if (open == null || !open.isOpen()) {
            long now = System.currentTimeMillis();
            if (lastFailure != null && now - lastFailureAt < RECONNECT_PAUSE_MILLIS) {
                throw new Failure(lastFailure.kind(), lastFailure.getMessage() + " (" + (now - lastFailureAt)
                        + " ms ago; the broker is tried again once a second)");
            }
            try {
                open = connect();
            } catch (Exception e) {
                lastFailure = Failures.ofConnect(e, settings, io.connectMillis());
                lastFailureAt = now;
                throw lastFailure;
            }
            lastFailure = null;
            blockedReason = null;
            connection = open;
        }
        String blocked = blockedReason;
        if (blocked != null) {
            throw new Failure(FailureKind.THROTTLED, "the broker blocks publishers for now (" + blocked + ")");
        }
        return open;
    }

    private Connection connect() throws Exception {
        List<InetAddress> permitted = guard.resolve(settings.host());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.vhost());
        factory.setUsername(settings.user());
        if (settings.password() != null) {
            factory.setPassword(settings.password());
        }
        factory.setConnectionTimeout((int) io.connectMillis());
        factory.setHandshakeTimeout((int) io.handshakeMillis());
        factory.setRequestedHeartbeat(HEARTBEAT_SECONDS);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setThreadFactory(io.threads());
        factory.setSharedExecutor(io.work());
        factory.setHeartbeatExecutor(io.timers());
        List<Address> addresses;
        if (settings.tls()) {
            // The certificate names the host: connect by the name (the JVM's lookup cache gives the answer just vetted).
            factory.useSslProtocol(SSLContext.getDefault());
            factory.enableHostnameVerification();
            addresses = List.of(new Address(settings.host(), settings.port()));
        } else {
            addresses = permitted.stream().map(address -> new Address(address.getHostAddress(), settings.port()))
                    .toList();
        }
        Connection opened = factory.newConnection(addresses, "merchant-notify");
        opened.addBlockedListener(reason -> {
            blockedReason = reason;
            LOG.warning(() -> "The broker at " + where() + " blocks publishers: " + reason);
        }, () -> {
            blockedReason = null;
            LOG.info(() -> "The broker at " + where() + " takes messages again");
        });
        opened.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                LOG.log(Level.INFO, "The connection to the broker at {0} closed: {1}",
                        new Object[] {where(), ChannelOutcome.quote(cause)});
            }
        });
        LOG.fine(() -> "Connected to the broker at " + where());
        return opened;
    }

    private String where() {
        return RabbitSettings.address(settings.tls(), settings.user(), settings.host(), settings.port(),
                settings.vhost());
    }

    /** No destination uses it any more: closes it (what is still in flight there fails, and is retried). */
    void retire() {
        Connection open;
        synchronized (this) {
            retired = true;
            open = connection;
            connection = null;
        }
        if (open != null && open.isOpen()) {
            try {
                open.close(1_000);
            } catch (Exception e) {
                open.abort();
            }
        }
    }
}
