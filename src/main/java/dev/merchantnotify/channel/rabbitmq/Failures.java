package dev.merchantnotify.channel.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.security.BlockedAddressException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What the AMQP client's exceptions and the broker's close codes mean, as failure kinds with a sentence that tells an
 * operator what to fix where the destination's settings are at fault.
 */
final class Failures {

    private Failures() {
    }

    /** A failure to open the connection to a broker. */
    static Failure ofConnect(Throwable e, RabbitSettings.Parsed broker, long connectMillis) {
        String where = RabbitSettings.address(broker.tls(), broker.user(), broker.host(), broker.port(), broker.vhost());
        if (e instanceof BlockedAddressException) {
            return new Failure(FailureKind.BLOCKED, "blocked: " + e.getMessage());
        }
        if (e instanceof PossibleAuthenticationFailureException) {
            return new Failure(FailureKind.AUTH, "the broker at " + where + " refused user '" + broker.user()
                    + "' (wrong user name or password): fix the destination's uri or password");
        }
        ShutdownSignalException closed = shutdownOf(e);
        if (closed != null) {
            Reply reply = Reply.of(closed);
            int code = reply.code();
            String text = reply.text();
            if (code == AMQP.NOT_ALLOWED || code == AMQP.ACCESS_REFUSED) {
                boolean missing = text.contains("not found");
                return new Failure(missing ? FailureKind.NOT_FOUND : FailureKind.AUTH, missing
                        ? "virtual host '" + broker.vhost() + "' does not exist on the broker at " + where + " (" + code
                        + " " + text + "): create it, or change the destination's uri"
                        : "user '" + broker.user() + "' may not use virtual host '" + broker.vhost() + "' at " + where
                        + " (" + code + " " + text + "): grant it access, or change the destination's uri");
            }
            return new Failure(FailureKind.CONNECT, "the broker at " + where + " closed the connection while it opened: "
                    + code + " " + text);
        }
        if (e instanceof UnknownHostException) {
            return new Failure(FailureKind.CONNECT, "unknown host: " + broker.host());
        }
        if (e instanceof SocketTimeoutException || e instanceof TimeoutException) {
            return new Failure(FailureKind.CONNECT, "no connection to the broker at " + where + " within "
                    + connectMillis + " ms");
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new Failure(FailureKind.CONNECT, "connection to the broker at " + where
                    + " failed: refused or unreachable");
        }
        if (e instanceof SSLException) {
            return new Failure(FailureKind.CONNECT, "TLS with the broker at " + where + " failed: " + e.getMessage());
        }
        return new Failure(FailureKind.CONNECT, "connection to the broker at " + where + " failed: " + ChannelOutcome.quote(e));
    }

    /**
     * A failure on a destination's channel: opening it, checking its exchange, publishing, or its closing before the
     * broker confirmed.
     */
    static Failure ofChannel(Throwable e, RabbitSettings.Parsed destination) {
        ShutdownSignalException closed = shutdownOf(e);
        if (closed == null) {
            return new Failure(FailureKind.NETWORK, "publishing failed: " + ChannelOutcome.quote(e));
        }
        Reply reply = Reply.of(closed);
        int code = reply.code();
        String text = reply.text();
        if (!closed.isHardError()) {
            if (code == AMQP.NOT_FOUND) {
                return new Failure(FailureKind.NOT_FOUND, "exchange '" + destination.exchange()
                        + "' does not exist in virtual host '" + destination.vhost() + "' (404 " + text
                        + "): create it, or change the destination's exchange");
            }
            if (code == AMQP.ACCESS_REFUSED) {
                return new Failure(FailureKind.AUTH, "user '" + destination.user() + "' may not publish to exchange '"
                        + destination.exchange() + "' (403 " + text + "): grant it write permission, or change the "
                        + "destination's user or exchange");
            }
            if (closed.isInitiatedByApplication()) {
                return new Failure(FailureKind.NETWORK, "the destination changed before the broker confirmed");
            }
        }
        return new Failure(FailureKind.NETWORK, "the connection to the broker closed before it confirmed"
                + (code > 0 ? ": " + code + " " + text : ""));
    }

    private static ShutdownSignalException shutdownOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ShutdownSignalException signal) {
                return signal;
            }
            if (cause instanceof AlreadyClosedException closed) {
                return closed;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** The broker's reply in a close: its code (0 when it was not the broker's) and text. */
    private record Reply(int code, String text) {
        static Reply of(ShutdownSignalException closed) {
            Method reason = closed.getReason();
            if (reason instanceof AMQP.Channel.Close close) {
                return new Reply(close.getReplyCode(), close.getReplyText());
            }
            if (reason instanceof AMQP.Connection.Close close) {
                return new Reply(close.getReplyCode(), close.getReplyText());
            }
            return new Reply(0, closed.getMessage() == null ? "" : closed.getMessage());
        }
    }
}
