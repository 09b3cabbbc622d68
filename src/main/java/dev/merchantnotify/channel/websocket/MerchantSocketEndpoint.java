package dev.merchantnotify.channel.websocket;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where a merchant's client connects: {@code ws(s)://<host>/ws/v1/notifications?merchant_no=…&destination=…&timestamp=…
 * &nonce=…&signature=…} ({@link Handshake}). A refused handshake is closed at once with code 1008 and a reason that
 * says what is wrong (1013 when the node is full). Open, the socket receives notification frames and answers each with
 * an ack ({@link SocketChannel}); anything else it sends gets an {@code {"type":"error","msg":…}} frame.
 */
@ServerEndpoint("/ws/v1/notifications")
public class MerchantSocketEndpoint {

    private static final Logger LOG = Logger.getLogger(MerchantSocketEndpoint.class.getName());

    /**
     * Looked up, not injected: Liberty creates an endpoint per connection outside CDI's injection of {@code @Inject}
     * fields (CWOWB1006E), so the application-scoped sessions are found through {@link CDI}.
     */
    private final SocketSessions sessions = CDI.current().select(SocketSessions.class).get();

    @OnOpen
    public void open(Session session) {
        sessions.opened(session);
    }

    @OnMessage(maxMessageSize = 16_384)
    public void message(Session session, String text) {
        sessions.message(session, text);
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        sessions.ponged(session);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        sessions.closed(session, reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.log(Level.FINE, "WebSocket session " + session.getId() + " failed", error);
    }
}
